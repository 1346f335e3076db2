package io.fnhost.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fnhost.spi.InvocationRecordDTO;

class InvocationRecordsTest {

    private static InvocationRecordDTO record(String function, String id) {
        InvocationRecordDTO r = new InvocationRecordDTO();
        r.function = function;
        r.id = id;
        return r;
    }

    @Test
    void keepsOnlyTheNewestNewestFirst() {
        InvocationRecords records = new InvocationRecords(3);
        for (int i = 1; i <= 5; i++) {
            records.add(record(i % 2 == 0 ? "even" : "odd", "r" + i));
        }
        assertThat(records.newest(null, 10)).extracting(r -> r.id).containsExactly("r5", "r4", "r3");
        assertThat(records.newest("ODD", 10)).extracting(r -> r.id).containsExactly("r5", "r3");
        assertThat(records.newest(null, 1)).extracting(r -> r.id).containsExactly("r5");
    }
}
