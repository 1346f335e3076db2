package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

/** Unit test of {@link Function}: the request and the context are Mockito mocks, as in Azure's samples. */
class FunctionTest {

    private HttpResponseMessage call(Map<String, String> query, Optional<String> body) {
        @SuppressWarnings("unchecked")
        HttpRequestMessage<Optional<String>> request = mock(HttpRequestMessage.class);
        doReturn(query).when(request).getQueryParameters();
        doReturn(body).when(request).getBody();
        doAnswer(invocation -> new HttpResponseMessageMock.Builder().status(invocation.getArgument(0, HttpStatusType.class)))
                .when(request).createResponseBuilder(any(HttpStatus.class));

        ExecutionContext context = mock(ExecutionContext.class);
        doReturn(Logger.getGlobal()).when(context).getLogger();

        return new Function().run(request, context);
    }

    @Test
    void greetsTheNameFromTheQuery() {
        HttpResponseMessage response = call(Map.of("name", "Azure"), Optional.empty());

        assertEquals(HttpStatus.OK, response.getStatus());
        assertEquals("Hello, Azure", response.getBody());
    }

    @Test
    void greetsTheNameFromTheBody() {
        HttpResponseMessage response = call(Map.of(), Optional.of("Ada"));

        assertEquals(HttpStatus.OK, response.getStatus());
        assertEquals("Hello, Ada", response.getBody());
    }

    @Test
    void withoutANameItIsABadRequest() {
        HttpResponseMessage response = call(Map.of(), Optional.empty());

        assertEquals(HttpStatus.BAD_REQUEST, response.getStatus());
    }
}
