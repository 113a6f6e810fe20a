package io.carillon.server.resources;

import io.carillon.server.common.PayloadTooLargeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over a limit before they are parsed: the declared length is checked first,
 * and the bytes are counted as they are read, so a chunked body (no declared length) gets the same
 * 413 however far the parser had got.
 */
public final class BodySizeLimit implements ReaderInterceptor {
  /** How much more of a body over the limit is read (and dropped) before answering 413. */
  static final long LINGER_BYTES = 4L << 20;

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
    Counting counting = new Counting(context.getInputStream(), limit);
    context.setInputStream(counting);
    try {
      return context.proceed();
    } catch (IOException | RuntimeException e) {
      // A body refused part-way would be left unread, and Jetty would close the connection under
      // a client still sending it (or about to reuse it), which may then never read the answer.
      // Reading on a little, as nginx's lingering close does, lets the answer arrive.
      counting.drain(counting.exceeded() ? LINGER_BYTES : limit);
      // Jackson wraps what the stream throws in its own exceptions (a 400 by their mapper); a
      // body that outgrew the limit is a 413 whatever was made of it.
      if (counting.exceeded()) {
        throw new PayloadTooLargeException(limit);
      }
      throw e;
    }
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

    /** Reads and drops up to {@code max} more bytes of what is left of the body. */
    void drain(long max) {
      byte[] buffer = new byte[8192];
      long dropped = 0;
      try {
        for (int n = 0; n >= 0 && dropped < max; n = in.read(buffer, 0, buffer.length)) {
          dropped += n;
        }
      } catch (IOException | RuntimeException e) {
        // Cut off: Jetty closes this connection instead.
      }
    }

    boolean exceeded() {
      return count > limit;
    }

    private void add(long n) {
      count += n;
      if (count > limit) {
        throw new PayloadTooLargeException(limit);
      }
    }
  }
}
