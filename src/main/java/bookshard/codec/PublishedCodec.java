package bookshard.codec;

import bookshard.book.BookEvent;
import bookshard.codec.fb.FbEventEnvelope;
import bookshard.codec.fb.FbPublishedEvents;
import bookshard.protocol.BookEventsPublished;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** {@link BookEventsPublished} to and from one FlatBuffers {@code FbPublishedEvents}. */
final class PublishedCodec {
  private PublishedCodec() {}

  static byte[] encode(BookEventsPublished p) {
    FlatBufferBuilder b = new FlatBufferBuilder(128 + 96 * p.events().size());
    int symbol = b.createString(p.symbol());
    int[] events = new int[p.events().size()];
    for (int i = 0; i < events.length; i++) {
      events[i] = EventCodec.envelope(b, p.events().get(i));
    }
    int vector = FbPublishedEvents.createEventsVector(b, events);
    FbPublishedEvents.finishFbPublishedEventsBuffer(b,
        FbPublishedEvents.createFbPublishedEvents(b, symbol, p.firstSequenceNr(), vector));
    return b.sizedByteArray();
  }

  static BookEventsPublished decode(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbPublishedEvents.FbPublishedEventsBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not bookshard published events (file identifier BSPB missing)");
    }
    FbPublishedEvents p = FbPublishedEvents.getRootAsFbPublishedEvents(bb);
    List<BookEvent> events = new ArrayList<>(p.eventsLength());
    FbEventEnvelope env = new FbEventEnvelope();
    for (int i = 0; i < p.eventsLength(); i++) {
      events.add(EventCodec.decode(p.events(env, i)));
    }
    return new BookEventsPublished(p.symbol(), p.firstSequenceNr(), List.copyOf(events));
  }
}
