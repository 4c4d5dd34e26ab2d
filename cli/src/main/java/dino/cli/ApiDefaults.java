// The command line's defaults for the API's settings, asked of the API: TrainingConfig.reference(), Reporting.defaults()
// and Sampling.defaults().
package dino.cli;

import dino.api.Reporting;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Setting;
import dino.cli.shared.Flags;
import java.math.BigDecimal;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's default for every option that gives a setting of the API: {@code train}'s from the reference run's
 * config (through {@link Flags}, the one table of flags) and {@code --print-every} from {@link Reporting#defaults()},
 * {@code sample}'s from {@link Sampling#defaults()}. The
 * options name no default of their own, so the help text and the run both show the API's.
 */
final class ApiDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String command = option.command().name();
        String flag = option.longestName();
        if (command.equals("train")) {
            TrainingConfig reference = TrainingConfig.reference();
            for (Setting s : Setting.values()) {
                // products has no default of its own: the model's (TrainingConfig.defaultProducts).
                if (s != Setting.PRODUCTS && Flags.of(s).equals(flag)) {
                    return text(s.valueIn(reference));
                }
            }
            if (flag.equals(Flags.of("reportEvery"))) {
                return text(Reporting.defaults().every());
            }
        } else if (command.equals("sample")) {
            Sampling defaults = Sampling.defaults();
            Map<String, Object> sampling = Map.of("--count", defaults.count(), "--temperature", defaults.temperature(),
                    "--top-k", defaults.topK(), "--seed", defaults.seed());
            Object value = sampling.get(flag);
            return value == null ? null : text(value);
        }
        return null;
    }

    /** As a user would type it: 5 and 0.01, not 5.0 and 1.0E-2. */
    private static String text(Object value) {
        return value instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : value.toString();
    }
}
