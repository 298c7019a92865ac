//! Finding the key arguments of a command, the way the server does.
//!
//! The interpretation of key specs follows Valkey's `getKeysUsingKeySpecs`,
//! with one difference: a spec that does not fit the arguments (a key count
//! larger than what follows, a missing keyword) contributes no keys instead of
//! failing the whole command. The server rejects such a command anyway; routing
//! it by whatever keys are well-formed sends it somewhere that will say so.

use super::{key_flags, ArgList, BeginSearch, CommandInfo, FindKeys, KeyMethod, KeySpecEntry};

/// Appends the index (into `args`) of every key of the command `info` describes.
///
/// Positions come in spec order, which is increasing within each spec; a key
/// repeated in the arguments is reported each time. Shard channels and other
/// `NOT_KEY` arguments are left out; see [`slot_positions`].
pub fn key_positions<A: ArgList + ?Sized>(
    info: &CommandInfo,
    args: &A,
    out: &mut impl Extend<usize>,
) {
    out.extend(KeyPositions::keys(info, args));
}

/// Where a command's keys hash to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandSlot {
    /// No keys: any node can run it.
    None,
    /// Every key hashes to this slot.
    Slot(u16),
    /// Keys in different slots (CROSSSLOT).
    Cross,
    /// Not a RESP array of bulk strings, or a command the table does not know.
    Invalid,
}

/// The slot all of a command's keys (complete RESP frame) hash to.
pub fn command_slot(cmd: &[u8]) -> CommandSlot {
    let Some(args) = super::RespArgs::new(cmd) else {
        return CommandSlot::Invalid;
    };
    let Some(info) = super::lookup(&args) else {
        return CommandSlot::Invalid;
    };
    let mut found: Option<u16> = None;
    for p in KeyPositions::slots(info, &args) {
        let Some(key) = args.arg(p) else {
            return CommandSlot::Invalid;
        };
        let s = super::slot(key);
        match found {
            None => found = Some(s),
            Some(f) if f != s => return CommandSlot::Cross,
            _ => {}
        }
    }
    found.map_or(CommandSlot::None, CommandSlot::Slot)
}

/// Like [`key_positions`], plus the arguments that are not keys but still pick
/// the slot: the channels of SPUBLISH/SSUBSCRIBE/SUNSUBSCRIBE, CLUSTERSCAN's cursor.
pub fn slot_positions<A: ArgList + ?Sized>(
    info: &CommandInfo,
    args: &A,
    out: &mut impl Extend<usize>,
) {
    out.extend(KeyPositions::slots(info, args));
}

/// Lazily yields key positions; [`first_key`](super::first_key) stops after one.
#[derive(Clone, Debug)]
pub struct KeyPositions<'i, 'a, A: ?Sized> {
    info: &'i CommandInfo,
    args: &'a A,
    argc: usize,
    include_not_keys: bool,
    /// Next range source to consult (a spec index, or a step of a hand-written method).
    stage: usize,
    /// The current range: `cur`, `cur + step`, ... while below `end`.
    cur: usize,
    end: usize,
    step: usize,
}

/// A run of key positions: `start..end` every `step`.
type Run = (usize, usize, usize);

impl<'i, 'a, A: ArgList + ?Sized> KeyPositions<'i, 'a, A> {
    /// Key arguments only.
    pub fn keys(info: &'i CommandInfo, args: &'a A) -> Self {
        Self::new(info, args, false)
    }

    /// Key arguments and slot-deciding non-key arguments.
    pub fn slots(info: &'i CommandInfo, args: &'a A) -> Self {
        Self::new(info, args, true)
    }

    fn new(info: &'i CommandInfo, args: &'a A, include_not_keys: bool) -> Self {
        KeyPositions {
            info,
            args,
            argc: args.arg_count(),
            include_not_keys,
            stage: 0,
            cur: 0,
            end: 0,
            step: 1,
        }
    }

    /// The next run, or `None` when every source has been consulted.
    fn next_run(&mut self) -> Option<Run> {
        loop {
            let stage = self.stage;
            self.stage += 1;
            let run = match self.info.keys.method {
                KeyMethod::None => return None,
                KeyMethod::Range if stage == 0 => self.legacy_range(),
                KeyMethod::Range => return None,
                KeyMethod::Specs => {
                    let spec = self.info.keys.specs.get(stage)?;
                    if spec.flags & key_flags::NOT_KEY != 0 && !self.include_not_keys {
                        None
                    } else {
                        self.resolve(spec)
                    }
                }
                KeyMethod::Sort => match stage {
                    0 => (self.argc > 1).then_some((1, 2, 1)),
                    1 => self.sort_store().map(|p| (p, p + 1, 1)),
                    _ => return None,
                },
                KeyMethod::Migrate if stage == 0 => self.migrate(),
                KeyMethod::Migrate => return None,
                KeyMethod::GeoStore => match stage {
                    0 => (self.argc > 1).then_some((1, 2, 1)),
                    1 => self.geo_store().map(|p| (p, p + 1, 1)),
                    _ => return None,
                },
            };
            if run.is_some() {
                return run;
            }
        }
    }

    /// COMMAND INFO's first/last/step; `last` < 0 counts from the end.
    fn legacy_range(&self) -> Option<Run> {
        let k = &self.info.keys;
        let argc = self.argc as isize;
        let (first, step) = (isize::from(k.first), isize::from(k.step));
        let last = match isize::from(k.last) {
            l if l < 0 => argc + l,
            l => l,
        };
        if first < 1 || step < 1 {
            return None;
        }
        let end = (last + 1).min(argc);
        (first < end).then_some((first as usize, end as usize, step as usize))
    }

    /// One key spec against the arguments, as the server interprets it.
    fn resolve(&self, spec: &KeySpecEntry) -> Option<Run> {
        let argc = self.argc as isize;
        let mut first = match spec.begin_search {
            BeginSearch::Index(i) => isize::from(i),
            BeginSearch::Keyword {
                keyword,
                start_from,
            } => self.find_keyword(keyword, isize::from(start_from))? + 1,
            BeginSearch::Unknown => return None,
        };
        let (last, step) = match spec.find_keys {
            FindKeys::Range {
                last_key,
                key_step,
                limit,
            } => {
                let (last_key, limit) = (isize::from(last_key), isize::from(limit));
                let last = if last_key >= 0 {
                    first + last_key
                } else if limit == 0 {
                    argc + last_key
                } else {
                    // Only the first 1/limit of what follows holds keys.
                    first + ((argc - first) / limit + last_key)
                };
                (last, isize::from(key_step))
            }
            FindKeys::KeyNum {
                key_num_index,
                first_key,
                key_step,
            } => {
                let key_num_index = isize::from(key_num_index);
                if key_num_index >= argc - first {
                    return None;
                }
                let count = self.arg_at(first + key_num_index).and_then(parse_count)?;
                let count = isize::try_from(count).ok()?;
                let step = isize::from(key_step);
                first += isize::from(first_key);
                // Valkey 9 spaces the keys by the step (MSETEX's key/value pairs);
                // with step 1, the only step before, this is first + count - 1.
                let last = (count - 1).checked_mul(step)?.checked_add(first)?;
                (last, step)
            }
            FindKeys::Unknown => return None,
        };
        if first < 1 || step < 1 || last < first || last >= argc {
            return None;
        }
        Some((first as usize, last as usize + 1, step as usize))
    }

    /// Index of `keyword`, searched forwards from `start_from` or, when negative,
    /// backwards from `argc + start_from`. Both searches stop one short, as
    /// Valkey's do: forwards before the last argument, backwards before index 1.
    fn find_keyword(&self, keyword: &str, start_from: isize) -> Option<isize> {
        let argc = self.argc as isize;
        let (start, end) = if start_from > 0 {
            (start_from, argc - 1)
        } else {
            (argc + start_from, 1)
        };
        let delta = if start <= end { 1 } else { -1 };
        let mut i = start;
        while i != end {
            if i >= argc || i < 1 {
                return None;
            }
            if self.arg_is(i, keyword) {
                return Some(i);
            }
            i += delta;
        }
        None
    }

    /// SORT's destination: the argument after the last STORE, skipping the
    /// arguments of LIMIT, GET and BY exactly as the server's scan does (which is
    /// why a STORE destination named "limit" is itself taken as an option).
    fn sort_store(&self) -> Option<usize> {
        let mut store = None;
        let mut i = 2;
        while i < self.argc {
            if self.arg_is(i as isize, "limit") {
                i += 2;
            } else if self.arg_is(i as isize, "store") && i + 1 < self.argc {
                store = Some(i + 1);
            } else if self.arg_is(i as isize, "get") || self.arg_is(i as isize, "by") {
                i += 1;
            }
            i += 1;
        }
        store
    }

    /// GEORADIUS's destination: after the last STORE or STOREDIST that has an
    /// argument after it; the argument is skipped, so it is never a keyword.
    fn geo_store(&self) -> Option<usize> {
        let mut store = None;
        let mut i = 5;
        while i < self.argc {
            let is_store = self.arg_is(i as isize, "store") || self.arg_is(i as isize, "storedist");
            if is_store && i + 1 < self.argc {
                store = Some(i + 1);
                i += 1;
            }
            i += 1;
        }
        store
    }

    /// MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw]
    /// [KEYS key...]: the single key, or with an empty one the keys after KEYS.
    /// KEYS with a non-empty key is a syntax error: no keys.
    ///
    /// Like the server: its specs decide unless their backward search finds a
    /// KEYS token, and only then does its option parser run.
    fn migrate(&self) -> Option<Run> {
        let key = self.args.arg(3)?;
        if self.find_keyword("KEYS", -2).is_none() {
            return Some((3, 4, 1));
        }
        let mut i = 6;
        while i < self.argc {
            if self.arg_is(i as isize, "keys") {
                if !key.is_empty() {
                    return None;
                }
                return (i + 1 < self.argc).then_some((i + 1, self.argc, 1));
            }
            if self.arg_is(i as isize, "auth") {
                i += 1;
            } else if self.arg_is(i as isize, "auth2") {
                i += 2;
            }
            i += 1;
        }
        Some((3, 4, 1))
    }

    fn arg_at(&self, i: isize) -> Option<&'a [u8]>
    where
        A: 'a,
    {
        self.args.arg(usize::try_from(i).ok()?)
    }

    fn arg_is(&self, i: isize, word: &str) -> bool {
        self.arg_at(i)
            .is_some_and(|a| a.eq_ignore_ascii_case(word.as_bytes()))
    }
}

impl<A: ArgList + ?Sized> Iterator for KeyPositions<'_, '_, A> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.cur >= self.end {
            let (start, end, step) = self.next_run()?;
            (self.cur, self.end, self.step) = (start, end, step);
        }
        let pos = self.cur;
        self.cur += self.step;
        Some(pos)
    }
}

/// A key count as the server parses it (`string2ll`): plain decimal, no sign,
/// no leading zeros, no spaces. Negative counts are rejected by the caller's
/// spec anyway, so they are simply not numbers here.
fn parse_count(s: &[u8]) -> Option<u64> {
    match s {
        [] => None,
        [b'0'] => Some(0),
        [b'0', ..] => None,
        _ => s.iter().try_fold(0u64, |n, &d| {
            if d.is_ascii_digit() {
                n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            } else {
                None
            }
        }),
    }
}
