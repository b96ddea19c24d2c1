{% macro script(this, kwargs) %}
        (function () {
            var styles = {{ this.styles|js }}, icons = {{ this.icons|js }};
            var index = {{ this.search_index.get_name() if this.search_index else "null" }};
            var layer = L.geoJSON({{ this.data }}, {
                pane: {{ this.pane|js }},
                interactive: {{ this.interactive|js }},
                style: function (f) { return styles[f.properties.style]; },
                pointToLayer: function (f, latlng) {
                    var icon = icons[f.properties.icon];
                    if (icon) {
                        return L.marker(latlng, {icon: L.divIcon(icon), pane: {{ this.point_pane|js }}, keyboard: false});
                    }
                    return L.circleMarker(latlng, {pane: {{ this.point_pane|js }}});
                },
                onEachFeature: function (f, layer) {
                    if (f.properties.popup) { layer.bindPopup(f.properties.popup, {maxWidth: 380}); }
                    if (f.properties.tooltip) { layer.bindTooltip(f.properties.tooltip, {sticky: true}); }
                    if (index && f.properties.search) { index[f.properties.search] = layer; }
                }
            });
            {% if this.cluster %}
            layer = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40}).addLayer(layer);
            {% endif %}
            layer.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
