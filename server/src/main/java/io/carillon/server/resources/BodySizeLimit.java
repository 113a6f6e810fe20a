package io.carillon.server.resources;

import io.carillon.server.core.PayloadTooLargeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over a limit before they are parsed: the declared length is checked first,
 * and the bytes are counted as they are read, so a chunked body cannot slip past.
 */
public final class BodySizeLimit implements ReaderInterceptor {
  private final long limit;

  public BodySizeLimit(long limit) {
    this.limit = limit;
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context)
      throws IOException, WebApplicationException {
    String declared = context.getHeaders().getFirst("Content-Length");
    if (declared != null && parse(declared) > limit) {
      throw new PayloadTooLargeException(limit);
    }
    context.setInputStream(new Counting(context.getInputStream(), limit));
    return context.proceed();
  }

  private static long parse(String header) {
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Counts bytes read and fails once more than the limit have come. */
  private static final class Counting extends FilterInputStream {
    private final long limit;
    private long count;

    Counting(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) {
      count += n;
      if (count > limit) {
        throw new PayloadTooLargeException(limit);
      }
    }
  }
}
