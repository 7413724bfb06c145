package org.paperboy.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.paperboy.config.ConfigurationException;
import org.paperboy.config.Settings;

class AlertSettingsTest {

    @Test
    void theThresholdIsACosineSimilarity() {
        assertThat(Settings.defaults().with(Settings.Key.ALERTS_THRESHOLD, "0.75").alertThreshold()).isEqualTo(0.75);
        for (String bad : new String[] {"1.5", "-2", "high", ""}) {
            assertThatThrownBy(() -> Settings.defaults().with(Settings.Key.ALERTS_THRESHOLD, bad))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("alerts.threshold");
        }
    }

    @Test
    void anInvalidMatchingScheduleIsAConfigurationError() {
        SavedAlerts alerts = new SavedAlerts(null, null, java.util.Optional::empty, 0.8, java.time.Clock.systemUTC());
        assertThatThrownBy(() -> alerts.job("every five minutes")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("alerts.match-cron");
        assertThat(alerts.job("-").name()).isEqualTo(SavedAlerts.JOB);
    }
}
