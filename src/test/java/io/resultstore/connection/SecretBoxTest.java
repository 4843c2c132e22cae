package io.resultstore.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    @TempDir
    Path dir;

    @Test
    void sealsWithAFreshNonceAndOpensOnlyWithTheSameKeyAndContext() throws Exception {
        SecretBox box = SecretBox.load(Optional.empty(), dir.resolve("secrets.key"));
        String a = box.seal("hunter2", "conn1");
        String b = box.seal("hunter2", "conn1");
        assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("hunter2");
        assertThat(box.open(a, "conn1")).isEqualTo("hunter2");
        assertThatThrownBy(() -> box.open(a, "conn2")).hasMessageNotContaining("hunter2");
        // One bit of the tag flipped (editing the base64 text could leave the bytes as they were).
        byte[] sealed = Base64.getDecoder().decode(a.substring("v1:".length()));
        sealed[sealed.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(sealed);
        assertThatThrownBy(() -> box.open(tampered, "conn1")).isInstanceOf(IllegalStateException.class);
        // The generated key is kept, owner-only, and used again by the next start.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.key"))))
                .isEqualTo("rw-------");
        assertThat(SecretBox.load(Optional.empty(), dir.resolve("secrets.key")).open(a, "conn1")).isEqualTo("hunter2");
        SecretBox other = SecretBox.load(Optional.of("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="), dir.resolve("x"));
        assertThatThrownBy(() -> other.open(a, "conn1")).hasMessage(
                "the connection's secret cannot be opened with this secrets.key");
    }
}
