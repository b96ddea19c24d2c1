{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|js }}, {maxZoom: {{ this.max_zoom }}, animate: false});
        {% endmacro %}
