//! Cross-cutting tests: the scanner and decoder against each other, under every way a stream can
//! be split across reads, and under random corruption.

use bytes::{Bytes, BytesMut};

use super::*;

/// Valid frames, each paired with the kind the scanner must report.
fn corpus() -> Vec<(Vec<u8>, FrameKind)> {
    use FrameKind::*;
    let mut frames: Vec<(Vec<u8>, FrameKind)> = [
        (&b"+OK\r\n"[..], Reply),
        (b"-ERR unknown command 'FOO'\r\n", Error),
        (b":1000\r\n", Reply),
        (b":-1\r\n", Reply),
        (b"$6\r\nfoobar\r\n", Reply),
        (b"$0\r\n\r\n", Reply),
        (b"$-1\r\n", Reply),
        (b"$7\r\n\r\n\r\n\r\n\r\r\n", Reply),
        (b"*-1\r\n", Reply),
        (b"*0\r\n", Reply),
        (b"*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n", Reply),
        (b"*3\r\n:1\r\n*2\r\n+a\r\n-b\r\n$-1\r\n", Reply),
        (b"_\r\n", Reply),
        (b"#t\r\n", Reply),
        (b",1.23\r\n", Reply),
        (b",-inf\r\n", Reply),
        (b"(3492890328409238509324850943850943825024385\r\n", Reply),
        (b"!10\r\nERR broken\r\n", Error),
        (b"=15\r\ntxt:Some string\r\n", Reply),
        (b"%2\r\n+first\r\n:1\r\n+second\r\n%1\r\n:2\r\n~2\r\n#f\r\n_\r\n", Reply),
        (b"~0\r\n", Reply),
        (b">4\r\n+pubsub\r\n+message\r\n+channel\r\n$5\r\nhello\r\n", Push),
        (b"|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n", Reply),
        (b"|1\r\n+ttl\r\n:5\r\n-MOVED 3999 127.0.0.1:6381\r\n", Error),
        (b"|0\r\n|0\r\n>1\r\n:1\r\n", Push),
        (b"*2\r\n|1\r\n+a\r\n+b\r\n>0\r\n!1\r\nx\r\n", Reply),
    ]
    .iter()
    .map(|(b, k)| (b.to_vec(), *k))
    .collect();

    // A larger bulk string whose payload contains CRLFs and type bytes.
    let mut big = b"$3000\r\n".to_vec();
    big.extend((0..3000).map(|i| b"\r\n*$:-+"[i % 7]));
    big.extend_from_slice(b"\r\n");
    frames.push((big, Reply));

    // A wide array.
    let mut wide = b"*300\r\n".to_vec();
    for i in 0..300 {
        wide.extend_from_slice(format!(":{i}\r\n").as_bytes());
    }
    frames.push((wide, Reply));

    // Deep nesting, right at the limit.
    let mut deep = Vec::new();
    for _ in 0..MAX_DEPTH {
        deep.extend_from_slice(b"*1\r\n");
    }
    deep.extend_from_slice(b":1\r\n");
    frames.push((deep, Reply));

    frames
}

/// What a connection does with its read buffer: append what arrived, then take every complete
/// frame off the front.
struct Reader {
    scanner: Scanner,
    pending: BytesMut,
    frames: Vec<(Bytes, FrameKind)>,
}

impl Reader {
    fn new() -> Self {
        Self {
            scanner: Scanner::new(),
            pending: BytesMut::new(),
            frames: Vec::new(),
        }
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), ProtocolError> {
        self.pending.extend_from_slice(chunk);
        while let Some(info) = self.scanner.scan(&self.pending)? {
            let frame = self.pending.split_to(info.len).freeze();
            self.frames.push((frame, info.kind));
        }
        Ok(())
    }
}

fn expected_kind(value: &Value) -> FrameKind {
    match value {
        Value::ServerError(_) => FrameKind::Error,
        Value::Push(_) => FrameKind::Push,
        Value::Attribute { value, .. } => expected_kind(value),
        _ => FrameKind::Reply,
    }
}

/// NaN-tolerant equality, since `,nan` decodes to a value that is not equal to itself.
fn same(a: &Value, b: &Value) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

fn check_frames(reader: &Reader, corpus: &[(Vec<u8>, FrameKind)], how: &str) {
    assert_eq!(reader.frames.len(), corpus.len(), "{how}");
    assert!(reader.pending.is_empty(), "{how}: bytes left over");
    for ((frame, kind), (expected, want_kind)) in reader.frames.iter().zip(corpus) {
        assert_eq!(&frame[..], &expected[..], "{how}");
        assert_eq!(kind, want_kind, "{how}");
    }
}

#[test]
fn corpus_frames_decode_and_report_their_kind() {
    for (bytes, kind) in corpus() {
        let value = decode(Bytes::from(bytes.clone())).expect("corpus frame decodes");
        assert_eq!(expected_kind(&value), kind, "{value:?}");
        assert_eq!(
            Scanner::new().scan(&bytes),
            Ok(Some(FrameInfo {
                len: bytes.len(),
                kind
            }))
        );
    }
}

#[test]
fn stream_split_at_every_offset() {
    let corpus = corpus();
    let stream: Vec<u8> = corpus.iter().flat_map(|(b, _)| b.clone()).collect();
    let expected: Vec<Value> = corpus
        .iter()
        .map(|(b, _)| decode(Bytes::from(b.clone())).expect("decodes"))
        .collect();

    for cut in 0..=stream.len() {
        let mut reader = Reader::new();
        reader.feed(&stream[..cut]).expect("valid prefix");
        reader.feed(&stream[cut..]).expect("valid rest");
        check_frames(&reader, &corpus, &format!("split at {cut}"));
        if cut % 97 == 0 {
            for ((frame, _), want) in reader.frames.iter().zip(&expected) {
                let got = decode(frame.clone()).expect("decodes");
                assert!(same(&got, want), "split at {cut}: {got:?} != {want:?}");
            }
        }
    }
}

#[test]
fn stream_fed_byte_by_byte_examines_each_byte_about_once() {
    let corpus = corpus();
    let stream: Vec<u8> = corpus.iter().flat_map(|(b, _)| b.clone()).collect();
    let mut reader = Reader::new();
    for b in &stream {
        reader.feed(std::slice::from_ref(b)).expect("valid");
    }
    check_frames(&reader, &corpus, "byte by byte");
    // Each line byte is looked at once; a CR that arrives alone is looked at again with its LF.
    assert!(
        reader.scanner.examined <= 2 * stream.len(),
        "examined {} bytes of {}",
        reader.scanner.examined,
        stream.len()
    );
}

#[test]
fn stream_in_random_chunks() {
    let corpus = corpus();
    let stream: Vec<u8> = corpus.iter().flat_map(|(b, _)| b.clone()).collect();
    let mut rng = XorShift(0x5eed_1234_abcd_0001);
    for round in 0..200 {
        let mut reader = Reader::new();
        let mut at = 0;
        while at < stream.len() {
            let step = 1 + rng.below(if round % 2 == 0 { 8 } else { 600 });
            let end = (at + step).min(stream.len());
            reader.feed(&stream[at..end]).expect("valid");
            at = end;
        }
        check_frames(&reader, &corpus, &format!("round {round}"));
    }
}

#[test]
fn big_bulk_in_one_byte_steps_is_not_rescanned() {
    let len = 1 << 20;
    let mut frame = format!("${len}\r\n").into_bytes();
    frame.resize(frame.len() + len, b'\r');
    frame.extend_from_slice(b"\r\n");

    let mut scanner = Scanner::new();
    for end in 1..frame.len() {
        assert_eq!(scanner.scan(&frame[..end]), Ok(None));
    }
    assert_eq!(
        scanner.scan(&frame),
        Ok(Some(FrameInfo {
            len: frame.len(),
            kind: FrameKind::Reply
        }))
    );
    // Only the header line was searched; the payload was skipped.
    assert!(scanner.examined <= 16, "examined {}", scanner.examined);

    let value = decode(Bytes::from(frame)).expect("decodes");
    assert_eq!(value.as_bytes().map(<[u8]>::len), Some(len));
}

#[test]
fn long_simple_string_in_one_byte_steps_is_linear() {
    let mut frame = b"+".to_vec();
    frame.resize(200_000, b'x');
    frame.extend_from_slice(b"\r\n");
    let mut scanner = Scanner::new();
    for end in 1..frame.len() {
        assert_eq!(scanner.scan(&frame[..end]), Ok(None));
    }
    assert_eq!(
        scanner.scan(&frame).ok().flatten().map(|i| i.len),
        Some(frame.len())
    );
    assert!(
        scanner.examined <= frame.len() + 1,
        "examined {}",
        scanner.examined
    );
}

#[test]
fn wide_array_in_one_byte_steps_is_linear() {
    let mut frame = b"*20000\r\n".to_vec();
    for i in 0..20_000 {
        frame.extend_from_slice(format!("${}\r\n{i}\r\n", i.to_string().len()).as_bytes());
    }
    let mut scanner = Scanner::new();
    for end in 1..frame.len() {
        assert_eq!(scanner.scan(&frame[..end]), Ok(None));
    }
    assert_eq!(
        scanner.scan(&frame).ok().flatten().map(|i| i.len),
        Some(frame.len())
    );
    assert!(
        scanner.examined <= frame.len(),
        "examined {}",
        scanner.examined
    );
}

#[test]
fn depth_limit() {
    let nested = |levels: usize, ty: &[u8]| {
        let mut f = Vec::new();
        for _ in 0..levels {
            f.extend_from_slice(ty);
        }
        f.extend_from_slice(b":1\r\n");
        f
    };
    for ty in [&b"*1\r\n"[..], b"~1\r\n", b">1\r\n", b"|0\r\n"] {
        let ok = nested(MAX_DEPTH, ty);
        assert!(Scanner::new().scan(&ok).is_ok_and(|f| f.is_some()));
        assert!(decode(Bytes::from(ok)).is_ok());
        let too_deep = nested(MAX_DEPTH + 1, ty);
        assert!(Scanner::new().scan(&too_deep).is_err());
        assert!(decode(Bytes::from(too_deep)).is_err());
    }
    // Empty aggregates open no level, so they are fine one level past the limit.
    let mut edge = Vec::new();
    for _ in 0..MAX_DEPTH {
        edge.extend_from_slice(b"*1\r\n");
    }
    edge.extend_from_slice(b"*0\r\n");
    assert!(Scanner::new().scan(&edge).is_ok_and(|f| f.is_some()));
    assert!(decode(Bytes::from(edge)).is_ok());
    // A deeply nested map, counting pairs.
    let mut map = Vec::new();
    for _ in 0..MAX_DEPTH {
        map.extend_from_slice(b"%1\r\n+k\r\n");
    }
    map.extend_from_slice(b"_\r\n");
    assert!(decode(Bytes::from(map)).is_ok());
}

#[test]
fn bulk_length_limit() {
    let at_limit = format!("${MAX_BULK_LEN}\r\n");
    assert_eq!(Scanner::new().scan(at_limit.as_bytes()), Ok(None));
    let over = format!("${}\r\n", MAX_BULK_LEN + 1);
    assert!(Scanner::new().scan(over.as_bytes()).is_err());
    assert!(decode(Bytes::from(over)).is_err());
}

#[test]
fn encoded_commands_round_trip() {
    let args: [&[u8]; 4] = [b"HSET", b"h", b"f\r\n", b""];
    let mut out = BytesMut::new();
    encode_command(&mut out, &args);
    let bytes = out.freeze();
    let view = CommandView::parse(&bytes).expect("valid command");
    assert_eq!(view.args().collect::<Vec<_>>(), args.to_vec());
    assert_eq!(
        Scanner::new().scan(&bytes).ok().flatten().map(|i| i.len),
        Some(bytes.len())
    );
    let value = decode(bytes).expect("decodes");
    let expected: Vec<Value> = args
        .iter()
        .map(|a| Value::BulkString(Bytes::copy_from_slice(a)))
        .collect();
    assert_eq!(value, Value::Array(expected));
}

/// Small deterministic PRNG so the fuzz loop needs no seed management and no extra dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn mutate(rng: &mut XorShift, input: &[u8]) -> Vec<u8> {
    const INTERESTING: &[u8] = b"\r\n-+:$*_#,(!=%~>|0123456789tf";
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = out.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] = rng.next() as u8;
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => {
                let i = rng.below(len + 1);
                out.insert(i, INTERESTING[rng.below(INTERESTING.len())]);
            }
            3 if len > 0 => {
                out.remove(rng.below(len));
            }
            4 if len > 0 => {
                out.truncate(rng.below(len));
            }
            5 if len > 1 => {
                let a = rng.below(len);
                let b = a + rng.below(len - a);
                let piece = out[a..b].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, piece);
            }
            _ => {
                // Replace a digit run's last digit, which tends to break lengths.
                if let Some(i) = out.iter().rposition(u8::is_ascii_digit) {
                    out[i] = b'0' + rng.below(10) as u8;
                }
            }
        }
    }
    out
}

/// Outcome of scanning `input` from the start in one call.
fn scan_once(input: &[u8]) -> Result<Option<FrameInfo>, ProtocolError> {
    Scanner::new().scan(input)
}

/// Outcome of scanning `input` as it grows one byte at a time.
fn scan_growing(input: &[u8]) -> Result<Option<FrameInfo>, ProtocolError> {
    let mut scanner = Scanner::new();
    for end in 0..=input.len() {
        match scanner.scan(&input[..end]) {
            Ok(None) => {}
            other => return other,
        }
    }
    Ok(None)
}

#[test]
fn fuzz_scan_and_decode_agree() {
    let corpus = corpus();
    let seeds: Vec<&[u8]> = corpus
        .iter()
        .map(|(b, _)| &b[..])
        .filter(|b| b.len() < 400)
        .collect();
    let mut rng = XorShift(0x0dd_ba11_cafe_f00d);
    let (mut frames, mut errors, mut partial) = (0, 0, 0);

    for iteration in 0..6000 {
        let seed = seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let once = scan_once(&input);
        let growing = scan_growing(&input);
        let ctx = || {
            format!(
                "iteration {iteration}: {:?}",
                String::from_utf8_lossy(&input)
            )
        };

        match (&once, &growing) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", ctx()),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{}: one call gave {once:?}, growing gave {growing:?}",
                ctx()
            ),
        }

        let whole = decode(Bytes::from(input.clone()));
        match once {
            Ok(Some(info)) => {
                frames += 1;
                let value = decode(Bytes::copy_from_slice(&input[..info.len]))
                    .unwrap_or_else(|e| panic!("{}: scanned but failed to decode: {e}", ctx()));
                assert_eq!(expected_kind(&value), info.kind, "{}", ctx());
                assert_eq!(whole.is_ok(), info.len == input.len(), "{}", ctx());
            }
            Ok(None) => {
                partial += 1;
                assert!(whole.is_err(), "{}: incomplete but decoded", ctx());
            }
            Err(_) => {
                errors += 1;
                assert!(whole.is_err(), "{}: rejected but decoded", ctx());
            }
        }
    }
    // The mutations must actually exercise all three outcomes.
    assert!(
        frames > 300 && errors > 300 && partial > 300,
        "{frames} {errors} {partial}"
    );
}

#[test]
fn fuzz_pure_noise_never_panics() {
    let mut rng = XorShift(42);
    const ALPHABET: &[u8] = b"\r\n-+:$*_#,(!=%~>|0123456789tfx";
    for _ in 0..3000 {
        let len = rng.below(40);
        let input: Vec<u8> = (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        let once = scan_once(&input);
        if let Ok(Some(info)) = once {
            assert!(decode(Bytes::copy_from_slice(&input[..info.len])).is_ok());
        }
        let _ = decode(Bytes::from(input.clone()));
        let _ = CommandView::parse(&input);
    }
}
