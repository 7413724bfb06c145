package org.paperboy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {

    /** 2 queries x 4 documents: relevant pairs score 0.9 and 0.75, irrelevant ones 0.8, 0.5 and below. */
    private static ThresholdCalibration calibration() {
        ThresholdCalibration calibration = new ThresholdCalibration(2, 4);
        calibration.add(0.9, true);
        calibration.add(0.75, true);
        calibration.add(0.8, false);
        for (int i = 0; i < 5; i++) {
            calibration.add(0.5 - i * 0.1, false);
        }
        return calibration;
    }

    @Test
    void countsWhatAThresholdFindsAndLetsIn() {
        ThresholdCalibration.Row row = calibration().at(0.75);

        assertThat(row.found()).isEqualTo(2);
        assertThat(row.falseAlarms()).isEqualTo(1);
        assertThat(row.precision()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(row.recall()).isEqualTo(1.0);
        assertThat(row.falsePerThousand()).isCloseTo(1000.0 / 2 / 4, within(1e-9));
    }

    @Test
    void aScoreJustBelowTheThresholdDoesNotCount() {
        ThresholdCalibration calibration = new ThresholdCalibration(1, 1);
        calibration.add(0.7999, true);

        assertThat(calibration.at(0.80).found()).isZero();
        assertThat(calibration.at(0.79).found()).isEqualTo(1);
    }

    @Test
    void theBestF1IsWhereBothRelevantPairsAndNoIrrelevantOneRemain() {
        ThresholdCalibration.Row best = calibration().bestF1();

        // Up to 0.75 both are found with one false alarm (F1 0.8); above 0.80 one is found and none let in (0.67).
        assertThat(best.f1()).isCloseTo(0.8, within(1e-9));
        assertThat(best.threshold()).isBetween(0.51, 0.75);
        assertThat(calibration().relevantQuantile(0.5)).isCloseTo(0.75, within(0.001));
        assertThat(calibration().table(0.5, 0.9, 0.1)).contains("| 0.80 | 1 | 1 | 0.500 | 0.500 | 0.500 |");
    }
}
