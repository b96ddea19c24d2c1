{% macro script(this, kwargs) %}
        (function () {
            var land = L.geoJSON({{ this.land }}, {style: {{ this.style|js }}, interactive: false});
            new L.Control.MiniMap(land, {
                position: "bottomleft", width: 140, height: 110, zoomLevelOffset: -5,
                toggleDisplay: true, aimingRectOptions: {color: "#d55e00", weight: 2, interactive: false},
                shadowRectOptions: {color: "#000000", weight: 1, opacity: 0, fillOpacity: 0, interactive: false}
            }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
