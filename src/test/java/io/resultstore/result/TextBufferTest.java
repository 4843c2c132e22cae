package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextBufferTest {
    @Test
    void doublesAreWrittenExactlyAsDoubleToStringWritesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1e-3, -1e-3, 9.99e-4, 1e7, 9999999.999, -9999999.999,
                9999999.9999, 0.1, 0.2, 0.3, 0.1 + 0.2, 2.5, 100.0, 1.0 / 3, 123456.789, 5e-3, 0.125, 1e-4,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 4.35, 2.675, 1.005, 1e6 + 0.1));
        for (int i = 0; i < 200_000; i++) {
            int k = random.nextInt(5);
            long m = random.nextLong(-20_000_000_000L, 20_000_000_000L);
            values.add(m / Math.pow(10, k));
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(-5, 9)));
            values.add(random.nextInt(-10_000_000, 10_000_000) / 2.0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextBuffer buf = new TextBuffer(out);
        StringBuilder expected = new StringBuilder();
        for (double v : values) {
            if (Double.isFinite(v)) {
                buf.decimal(v);
                buf.put((byte) '\n');
                expected.append(v).append('\n');
            }
        }
        buf.flush();
        String[] got = out.toString(StandardCharsets.US_ASCII).split("\n");
        String[] want = expected.toString().split("\n");
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("value %d", i).isEqualTo(want[i]);
        }
    }
}
