package com.example.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One record of the input topic: the event's type and event time when it parses, or why it does
 * not (then it goes to the dead-letter topic). Keeps the record's origin and raw bytes so a
 * dead-lettered record is the original, with its reason beside it. A Flink POJO.
 */
public class EventInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event type (the window key); null when the record is invalid. */
    public String type;
    /** The api's eventId, when the event has one. */
    public String eventId;
    /**
     * Event time, epoch milliseconds: the event's receivedAt, else the record's Kafka timestamp.
     * {@link #NO_EVENT_TIME} for an invalid record, so that it never moves the watermark (a
     * record that fails to parse says nothing about how far event time has come).
     */
    public long eventTime;

    /** The event time of an invalid record: below every watermark. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;
    /** Why the record cannot be counted; null when it can. */
    public String invalidReason;
    public byte[] key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;

    public EventInput() {}

    /** Parses one record's value: {"type": "<non-empty>", "receivedAt": "<ISO-8601>"?, ...}. */
    public static EventInput parse(byte[] key, byte[] value, long kafkaTimestamp, String topic, int partition, long offset) {
        EventInput input = new EventInput();
        input.key = key;
        input.value = value;
        input.topic = topic;
        input.partition = partition;
        input.offset = offset;
        input.eventTime = NO_EVENT_TIME;
        if (value == null) {
            input.invalidReason = "invalid: empty record (no value)";
            return input;
        }
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (Exception e) {
            input.invalidReason = "invalid: not JSON (" + firstLine(e.getMessage()) + ")";
            return input;
        }
        if (event == null || !event.isObject()) {
            input.invalidReason = "invalid: expected a JSON object, got " + (event == null ? "nothing" : event.getNodeType().toString().toLowerCase());
            return input;
        }
        JsonNode type = event.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            input.invalidReason = "invalid: expected \"type\" to be a non-empty string";
            return input;
        }
        long eventTime = kafkaTimestamp;
        JsonNode receivedAt = event.get("receivedAt");
        if (receivedAt != null && !receivedAt.isNull()) {
            try {
                eventTime = Instant.parse(receivedAt.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                input.invalidReason = "invalid: \"receivedAt\" is not an ISO-8601 instant: " + receivedAt.asText();
                return input;
            }
        }
        input.type = type.asText();
        input.eventTime = eventTime;
        JsonNode eventId = event.get("eventId");
        input.eventId = eventId != null && eventId.isTextual() ? eventId.asText() : null;
        return input;
    }

    public boolean valid() {
        return invalidReason == null;
    }

    @Override
    public String toString() {
        return valid() ? type + "@" + eventTime : invalidReason + " " + new String(value == null ? new byte[0] : value, StandardCharsets.UTF_8);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
