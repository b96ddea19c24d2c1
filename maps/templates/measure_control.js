{% from "leaflet_options.js" import options %}
{#- leaflet-measure 2.1.7 pans to its capture marker on focus under Leaflet >= 1.8; the include turns that off
    (https://github.com/ljagis/leaflet-measure/issues/171). #}
{% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.Measure(
                {{ options(this.options) }});
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});

            // Workaround for using this plugin with Leaflet>=1.8.0
            // https://github.com/ljagis/leaflet-measure/issues/171
            L.Control.Measure.include({
                _setCaptureMarkerIcon: function () {
                    // disable autopan
                    this._captureMarker.options.autoPanOnFocus = false;
                    // default function
                    this._captureMarker.setIcon(
                        L.divIcon({
                            iconSize: this._map.getSize().multiplyBy(2)
                        })
                    );
                },
            });

        {% endmacro %}
