package com.example.streaming;

/**
 * The count of one event type in one event-time window. A window fires when the watermark passes
 * its end and fires again (an update with the new total) for each late event within the allowed
 * lateness, so consumers keep the last record per key (type and window start). A Flink POJO.
 */
public class WindowCount {
    public String type;
    public long windowStart;
    public long windowEnd;
    public long count;

    public WindowCount() {}

    public WindowCount(String type, long windowStart, long windowEnd, long count) {
        this.type = type;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.count = count;
    }

    /** The record key: one key per type and window, so the last record of a key is its total. */
    public String key() {
        return type + "@" + windowStart;
    }

    public String toJson() {
        return "{\"type\":" + quote(type) + ",\"windowStart\":" + windowStart + ",\"windowEnd\":" + windowEnd + ",\"count\":" + count + "}";
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
