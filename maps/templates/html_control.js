{% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|js }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|js }});
                div.innerHTML = {{ this.html|js }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
