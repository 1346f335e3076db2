package io.fnhost.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.gson.reflect.TypeToken;

class GsonValueConverterTest {
    private final GsonValueConverter converter = new GsonValueConverter();

    public static class Order {
        public String id;
        public int quantity;
        public String Note; // Gson matches field names exactly, case included
    }

    @Test
    void parsesNumbersAndBooleansFromText() {
        assertThat(converter.convert(" 42 ", int.class)).isEqualTo(42);
        assertThat(converter.convert("42", Long.class)).isEqualTo(42L);
        assertThat(converter.convert("2.5", double.class)).isEqualTo(2.5);
        assertThat(converter.convert("7", short.class)).isEqualTo((short) 7);
        assertThat(converter.convert("true", boolean.class)).isEqualTo(true);
        assertThat(converter.convert(3L, int.class)).isEqualTo(3);
    }

    @Test
    void refusesTextThatIsNoNumberWithAClearMessage() {
        assertThatThrownBy(() -> converter.convert("forty", int.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"forty\"").hasMessageContaining("int");
    }

    @Test
    void nullForPrimitiveIsRefusedButNullForObjectsIsNull() {
        assertThatThrownBy(() -> converter.convert(null, int.class)).isInstanceOf(IllegalArgumentException.class);
        assertThat(converter.convert(null, String.class)).isNull();
        assertThat(converter.convert(null, Order.class)).isNull();
    }

    @Test
    void jsonTextBecomesPojoWithExactFieldNames() {
        Order order = (Order) converter.convert("{\"id\":\"a1\",\"quantity\":3,\"note\":\"x\",\"Note\":\"y\"}", Order.class);
        assertThat(order.id).isEqualTo("a1");
        assertThat(order.quantity).isEqualTo(3);
        assertThat(order.Note).isEqualTo("y");
    }

    @Test
    void bytesBecomeTextOrPojo() {
        byte[] json = "{\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(converter.convert(json, String.class)).isEqualTo("{\"id\":\"b\"}");
        assertThat(((Order) converter.convert(json, Order.class)).id).isEqualTo("b");
        assertThat(converter.convert(json, byte[].class)).isSameAs(json);
        assertThat((Byte[]) converter.convert(new byte[] {1, 2}, Byte[].class)).containsExactly((byte) 1, (byte) 2);
        assertThat(converter.convert("hé", byte[].class)).isEqualTo("hé".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void genericCollectionsFromJsonArrays() {
        Type listOfOrders = new TypeToken<List<Order>>() { }.getType();
        @SuppressWarnings("unchecked")
        List<Order> orders = (List<Order>) converter.convert("[{\"id\":\"1\"},{\"id\":\"2\"}]", listOfOrders);
        assertThat(orders).extracting(o -> o.id).containsExactly("1", "2");
        Type map = new TypeToken<Map<String, Integer>>() { }.getType();
        assertThat(converter.convert("{\"a\":1}", map)).isEqualTo(Map.of("a", 1));
    }

    @Test
    void optionalWrapsTheConvertedValueAndIsEmptyForNoValue() {
        Type optionalString = new TypeToken<Optional<String>>() { }.getType();
        Type optionalInt = new TypeToken<Optional<Integer>>() { }.getType();
        assertThat(converter.convert(null, optionalString)).isEqualTo(Optional.empty());
        assertThat(converter.convert("x", optionalString)).isEqualTo(Optional.of("x"));
        assertThat(converter.convert("5", optionalInt)).isEqualTo(Optional.of(5));
        assertThat(converter.convert(Optional.of("6"), int.class)).isEqualTo(6);
    }

    @Test
    void invalidJsonNamesTargetType() {
        assertThatThrownBy(() -> converter.convert("{not json", Order.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Order.class.getName());
    }

    @Test
    void toJsonOmitsNullsAsGsonDefaults() {
        Order order = new Order();
        order.id = "z";
        assertThat(converter.toJson(order)).isEqualTo("{\"id\":\"z\",\"quantity\":0}");
        assertThat(converter.toJson(null)).isEqualTo("null");
    }
}
