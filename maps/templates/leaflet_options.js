{#- A Leaflet options object written as folium writes one: a key a line, each value a script-safe literal. -#}
{% macro options(values) %}{
{% for key, value in values.items() %}  {{ key|js }}: {{ value|js }},
{% endfor %}}{% endmacro %}
