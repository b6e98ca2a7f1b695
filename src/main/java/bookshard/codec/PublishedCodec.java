package bookshard.codec;

import bookshard.book.EventBatch;
import bookshard.codec.fb.FbPublishedEvents;
import bookshard.protocol.BookEventsPublished;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;

/** {@link BookEventsPublished} to and from one FlatBuffers {@code FbPublishedEvents}. */
final class PublishedCodec {
  private PublishedCodec() {}

  static byte[] encode(BookEventsPublished p) {
    FlatBufferBuilder b = new FlatBufferBuilder(128 + 96 * p.batch().events().size());
    int symbol = b.createString(p.symbol());
    int events = EventCodec.envelopes(b, p.batch().events());
    FbPublishedEvents.finishFbPublishedEventsBuffer(b, FbPublishedEvents.createFbPublishedEvents(
        b, symbol, p.batch().firstPosition(), events, p.sequenceNr()));
    return b.sizedByteArray();
  }

  static BookEventsPublished decode(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    if (!FbPublishedEvents.FbPublishedEventsBufferHasIdentifier(bb)) {
      throw new IllegalArgumentException("not bookshard published events (file identifier BSPB missing)");
    }
    FbPublishedEvents p = FbPublishedEvents.getRootAsFbPublishedEvents(bb);
    return new BookEventsPublished(p.symbol(), p.journalSequenceNr(),
        new EventBatch(p.firstPosition(), EventCodec.decodeEnvelopes(p.eventsVector())));
  }
}
