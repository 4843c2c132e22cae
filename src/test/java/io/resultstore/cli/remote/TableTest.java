package io.resultstore.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void aTableThatFitsIsPrintedWhole() {
        assertThat(Table.render(List.of("id", "n"), List.of(List.of("a", "1"), List.of("bb", "22")), List.of(false, true), 80))
                .containsExactly("id   n", "--  --", "a    1", "bb  22");
    }

    @Test
    void wideColumnsShrinkFirstAndTheFirstColumnKeepsItsWidth() {
        String id = "rslt00mx77x26ddbiozndw99var3zy";
        List<String> lines = Table.render(List.of("id", "sql", "status"),
                List.of(List.of(id, "SELECT a very long statement that does not fit at all", "ready")),
                List.of(false, false, false), 70);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(70));
        assertThat(lines.get(2)).startsWith(id + "  SEL").contains("…").endsWith("ready");
    }

    @Test
    void columnsThatCannotFitAreLeftOutAndNamed() {
        List<String> headers = List.of("aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff");
        List<String> lines = Table.render(headers, List.of(headers), List.of(false, false, false, false, false, false), 20);
        assertThat(lines.subList(0, 3)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(20));
        assertThat(lines.get(3)).startsWith("(").contains("more columns not shown").endsWith("ffff)");
    }
}
