{% macro script(this, kwargs) %}
        (function () {
            var container = {{ this._parent.get_name() }}.getContainer();
            ["top", "bottom"].forEach(function (where) {
                var band = L.DomUtil.create("div", "cablemap-banner cablemap-banner-" + where, container);
                band.textContent = {{ this.text|js }};
                band.style.background = {{ this.background|js }};
                band.style.color = {{ this.colour|js }};
            });
        })();
        {% endmacro %}
