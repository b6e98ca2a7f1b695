-- V3: the FIX session store writes what a session sent since its last write as one row (a
-- chunk), not a row per message: a row per message cost the gateway a quarter of its CPU. A
-- chunk row's msgseqnum is its first message's number and last_msgseqnum its last's; its message
-- column holds the messages framed as "<seqnum>:<length>:<message>" each. A row written before
-- V3 (last_msgseqnum NULL) is one message, as QuickFIX/J's JdbcStore writes it.

ALTER TABLE fix_messages ADD COLUMN last_msgseqnum INTEGER;
