package com.example.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventInputTest {
    private static final long KAFKA_TIME = 1_700_000_000_000L;

    private static EventInput parse(String value) {
        return EventInput.parse(null, value == null ? null : value.getBytes(StandardCharsets.UTF_8), KAFKA_TIME, "web.event.received", 2, 41);
    }

    @Test
    void anEventsTimeIsItsReceivedAt() {
        EventInput input = parse("{\"type\":\"click\",\"payload\":{},\"receivedAt\":\"2026-01-01T00:00:01.500Z\"}");
        assertThat(input.valid()).isTrue();
        assertThat(input.type).isEqualTo("click");
        assertThat(input.eventTime).isEqualTo(1_767_225_601_500L);
        assertThat(input.partition).isEqualTo(2);
        assertThat(input.offset).isEqualTo(41);
    }

    @Test
    void withoutReceivedAtTheRecordsKafkaTimestampIsTheEventTime() {
        assertThat(parse("{\"type\":\"view\"}").eventTime).isEqualTo(KAFKA_TIME);
    }

    @Test
    void invalidRecordsSayWhyAndCarryNoEventTime() {
        assertThat(parse(null).invalidReason).isEqualTo("invalid: empty record (no value)");
        assertThat(parse("not json").invalidReason).startsWith("invalid: not JSON (");
        assertThat(parse("[1]").invalidReason).isEqualTo("invalid: expected a JSON object, got array");
        assertThat(parse("{\"type\":\"\"}").invalidReason).isEqualTo("invalid: expected \"type\" to be a non-empty string");
        assertThat(parse("{\"type\":3}").invalidReason).isEqualTo("invalid: expected \"type\" to be a non-empty string");
        assertThat(parse("{\"type\":\"click\",\"receivedAt\":\"yesterday\"}").invalidReason)
                .isEqualTo("invalid: \"receivedAt\" is not an ISO-8601 instant: yesterday");
        // An invalid record must not move the watermark (its Kafka timestamp is wall-clock time).
        assertThat(parse("not json").eventTime).isEqualTo(EventInput.NO_EVENT_TIME);
        assertThat(parse("{\"type\":\"click\",\"receivedAt\":\"yesterday\"}").eventTime).isEqualTo(EventInput.NO_EVENT_TIME);
    }

    @Test
    void aWindowCountIsJsonKeyedByTypeAndWindow() {
        WindowCount count = new WindowCount("a\"b", 0, 60_000, 7);
        assertThat(count.toJson()).isEqualTo("{\"type\":\"a\\\"b\",\"windowStart\":0,\"windowEnd\":60000,\"count\":7}");
        assertThat(count.key()).isEqualTo("a\"b@0");
    }
}
