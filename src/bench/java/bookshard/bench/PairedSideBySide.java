package bookshard.bench;

import java.util.Arrays;

/**
 * bookshard's core against exchange-core's in one JVM, in alternating chunks of the same stream,
 * so both meet the machine in the same state: on the 2-core build machine runs of one engine
 * drift by up to 40% within minutes, which separate JMH forks measure as a difference between
 * the engines. Each pair of adjacent chunks (one of each) gives a ratio; the median of those is
 * the figure, beside each engine's median chunk rate. Each engine replays its own copy of the
 * stream from its own book and is rebuilt at the prefill when the stream runs out (not timed).
 *
 * <p>{@code java -cp <bench classpath> bookshard.bench.PairedSideBySide MIX RESTING [COMMANDS] [SECONDS]}
 * (MIX as {@link CoreStream.Mix}; 10 s of warm-up, then SECONDS measured, default 30).
 */
public final class PairedSideBySide {
  private static final int CHUNK = 10_000;

  private PairedSideBySide() {}

  /** One engine on its copy of the stream, rebuilt when the stream runs out. */
  private static final class Runner {
    private final CoreStream s;
    private final java.util.function.Function<CoreStream, SideBySideBenchmark.Engine> fresh;
    private SideBySideBenchmark.Engine engine;
    private int cursor;

    Runner(CoreStream s, java.util.function.Function<CoreStream, SideBySideBenchmark.Engine> fresh) {
      this.s = s;
      this.fresh = fresh;
      this.cursor = s.length;
    }

    /** Nanoseconds of one chunk. */
    long chunk() {
      if (cursor + CHUNK > s.length) {
        engine = null; // the old book (up to a million orders) may go before the new one is built
        engine = fresh.apply(s);
        engine.run(0, s.prefill);
        cursor = s.prefill;
      }
      long t0 = System.nanoTime();
      engine.run(cursor, cursor + CHUNK);
      long t = System.nanoTime() - t0;
      cursor += CHUNK;
      return t;
    }
  }

  public static void main(String[] args) {
    CoreStream.Mix mix = CoreStream.Mix.valueOf(args[0]);
    int resting = Integer.parseInt(args[1]);
    int commands = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
    long seconds = args.length > 3 ? Long.parseLong(args[3]) : 30;
    CoreStream stream = SideBySideBenchmark.checkedStream(mix, resting, commands);
    Runner b = new Runner(stream, SideBySideBenchmark.Bookshard::new);
    Runner x = new Runner(stream, SideBySideBenchmark.ExchangeCore::new);
    long warmUntil = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      b.chunk();
      x.chunk();
    }
    long[] bNanos = new long[1 << 20];
    long[] xNanos = new long[bNanos.length];
    double[] ratios = new double[bNanos.length];
    int n = 0;
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < until && n < bNanos.length) {
      // Which engine goes first alternates, so neither always runs right after the other's rebuild.
      boolean bFirst = (n & 1) == 0;
      long tb = bFirst ? b.chunk() : 0;
      long tx = x.chunk();
      tb = bFirst ? tb : b.chunk();
      bNanos[n] = tb;
      xNanos[n] = tx;
      ratios[n] = (double) tx / tb;
      n++;
    }
    double bRate = CHUNK * 1e9 / median(Arrays.copyOf(bNanos, n));
    double xRate = CHUNK * 1e9 / median(Arrays.copyOf(xNanos, n));
    double[] r = Arrays.copyOf(ratios, n);
    Arrays.sort(r);
    System.out.printf("%s at %d resting, %d pairs of %d-command chunks over %d s: bookshard %.2f M/s, exchange-core"
        + " %.2f M/s (median chunks); bookshard / exchange-core per pair: median %.3f (quartiles %.3f, %.3f)%n",
        mix, resting, n, CHUNK, seconds, bRate / 1e6, xRate / 1e6, r[n / 2], r[n / 4], r[3 * n / 4]);
  }

  private static double median(long[] a) {
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
