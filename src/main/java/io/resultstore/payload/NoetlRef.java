package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import java.util.regex.Pattern;

/**
 * {@code noetl://execution/<execution_id>/result/<name>/<id>}. Names may contain {@code /}: the id is always the
 * last segment, so parsing splits on the last slash.
 */
public record NoetlRef(String executionId, String name, long id) {
    private static final String PREFIX = "noetl://execution/";
    private static final String RESULT = "/result/";
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    static final int MAX_NAME_LENGTH = 512;

    public NoetlRef {
        checkExecutionId(executionId);
        checkName(name);
        if (id < 0) {
            throw ApiException.badRequest("invalid payload id " + id);
        }
    }

    public static NoetlRef parse(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw ApiException.badRequest("missing ref: expected noetl://execution/<execution_id>/result/<name>/<id>");
        }
        if (!ref.startsWith(PREFIX)) {
            throw malformed(ref);
        }
        int result = ref.indexOf(RESULT, PREFIX.length());
        int last = ref.lastIndexOf('/');
        if (result < 0 || last <= result + RESULT.length()) {
            throw malformed(ref);
        }
        String eid = ref.substring(PREFIX.length(), result);
        String name = ref.substring(result + RESULT.length(), last);
        String id = ref.substring(last + 1);
        if (!EXECUTION_ID.matcher(eid).matches() || !ID.matcher(id).matches()) {
            throw malformed(ref);
        }
        long value;
        try {
            value = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw malformed(ref);
        }
        return new NoetlRef(eid, name, value);
    }

    public String format() {
        return PREFIX + executionId + RESULT + name + "/" + id;
    }

    @Override
    public String toString() {
        return format();
    }

    public static String checkExecutionId(String executionId) {
        if (executionId == null || !EXECUTION_ID.matcher(executionId).matches()) {
            throw ApiException.badRequest("invalid execution_id: expected 1-128 characters of [A-Za-z0-9._-]");
        }
        // Blobs live at payloads/<eid>/<id>: "." and ".." would name the folder itself or its parent.
        if (executionId.equals(".") || executionId.equals("..")) {
            throw ApiException.badRequest("invalid execution_id '" + executionId + "': '.' and '..' are not ids");
        }
        return executionId;
    }

    /** Any text but control characters; {@code /} separates non-empty segments. */
    public static String checkName(String name) {
        requireNonNull(name, "name is null");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("invalid name: expected 1-" + MAX_NAME_LENGTH + " characters");
        }
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            throw ApiException.badRequest("invalid name '" + name + "': empty path segment");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw ApiException.badRequest("invalid name: control characters are not allowed");
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badRequest("invalid name: not valid Unicode (unpaired surrogate)");
            }
        }
        // Names appear as path segments in refs and URLs, where "." and ".." mean something else.
        for (String segment : name.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw ApiException.badRequest("invalid name '" + name + "': '.' and '..' are not allowed as segments");
            }
        }
        return name;
    }

    private static ApiException malformed(String ref) {
        String shown = ref.length() > 200 ? ref.substring(0, 200) + "…" : ref;
        return ApiException.badRequest("malformed ref '" + shown
                + "': expected noetl://execution/<execution_id>/result/<name>/<id>");
    }
}
