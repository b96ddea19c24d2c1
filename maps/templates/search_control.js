{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {};
        (function () {
            var map = {{ this._parent.get_name() }}, index = {{ this.get_name() }};
            new L.Control.Search({
                position: "topleft",
                textPlaceholder: {{ this.placeholder|js }},
                marker: false,
                initial: false,
                autoCollapse: true,
                sourceData: function (text, callback) {
                    var records = {};
                    Object.keys(index).forEach(function (title) {
                        var layer = index[title];
                        var at = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
                        at.layer = layer;
                        records[title] = at;
                    });
                    callback(records);
                    return {abort: function () {}};
                },
                formatData: function (records) { return records; },
                buildTip: function (text) {
                    var tip = L.DomUtil.create("a");
                    tip.textContent = text;
                    return tip;
                },
                moveToLocation: function (latlng, title, m) {
                    var layer = latlng.layer;
                    if (layer.getBounds) { m.fitBounds(layer.getBounds(), {maxZoom: 10, animate: false}); }
                    else { m.setView(latlng, Math.max(m.getZoom(), 9), {animate: false}); }
                    if (layer.openPopup) { layer.openPopup(); }
                }
            }).addTo(map);
        })();
        {% endmacro %}
