{% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().querySelectorAll(".cablemap-legend").forEach(function (legend) {
                legend.style.maxHeight = Math.round(map.getSize().y * 0.4) + "px";
                if (map.getSize().x < {{ this.width }}) { legend.querySelector("details").open = false; }
            });
        })();
        {% endmacro %}
