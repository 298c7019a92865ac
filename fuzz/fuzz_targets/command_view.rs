//! What the core reads of a command coming from the host: the strict array-of-bulk-strings
//! check, argument access, the command name, and routing (keys, slots, multi-slot
//! splitting) by the command table. `args` and `arg` must agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valkite::resp::CommandView;

fuzz_target!(|data: &[u8]| {
    // Route kind and data for the planner come first: kind byte, data length byte.
    let (kind, rdata, cmd) = match data {
        [k, n, rest @ ..] if usize::from(*n) <= rest.len() => {
            let (r, c) = rest.split_at(usize::from(*n));
            (*k, r, c)
        }
        _ => (0, &[][..], data),
    };
    if let Ok(view) = CommandView::parse(cmd) {
        assert!(!view.is_empty());
        assert_eq!(view.as_bytes(), cmd);
        let mut n = 0;
        for (i, a) in view.args().enumerate() {
            if i < 8 {
                assert_eq!(view.arg(i), Some(a));
            }
            n += 1;
        }
        assert_eq!(n, view.len());
        assert_eq!(view.arg(n), None);
        let _ = (
            view.name(),
            view.name_is("GET"),
            view.name_upper().as_str().map(str::len),
        );
        // The cluster client plans only commands that passed the check, as here.
        if let Some(parts) = valkite::cluster::fuzz::plan(cmd, kind, rdata) {
            for (slot, part) in parts {
                assert!(slot < 16384);
                CommandView::parse(&part).expect("a split part is a valid command");
            }
        }
    }
});
