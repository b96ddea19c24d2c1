{% from "leaflet_options.js" import options %}
{% macro script(this, kwargs) %}
            L.control.fullscreen(
                {{ options(this.options) }}
            ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
