//! The hash slot of a command, for hosts that must keep a transaction on one slot (a
//! cluster MULTI/EXEC). The host does not know where each command keeps its keys; the
//! command table does.

use std::panic::{catch_unwind, AssertUnwindSafe};

use valkite::commands::{self, CommandSlot};

/// No keys: the command can run on any node.
pub const VK_SLOT_NONE: i32 = -1;
/// Keys in different slots (CROSSSLOT).
pub const VK_SLOT_CROSS: i32 = -2;
/// Not a RESP array of bulk strings, or an unknown command.
pub const VK_SLOT_INVALID: i32 = -3;

/// Returns the slot (0–16383) all of the command's keys hash to, or `VK_SLOT_NONE`,
/// `VK_SLOT_CROSS`, `VK_SLOT_INVALID`.
///
/// # Safety
/// `cmd` must be valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn vk_command_slot(cmd: *const u8, len: usize) -> i32 {
    if cmd.is_null() || len == 0 {
        return VK_SLOT_INVALID;
    }
    // SAFETY: non-null, `len` readable bytes per the contract.
    let buf = unsafe { std::slice::from_raw_parts(cmd, len) };
    catch_unwind(AssertUnwindSafe(|| slot_of(buf))).unwrap_or(VK_SLOT_INVALID)
}

fn slot_of(buf: &[u8]) -> i32 {
    match commands::command_slot(buf) {
        CommandSlot::None => VK_SLOT_NONE,
        CommandSlot::Slot(s) => i32::from(s),
        CommandSlot::Cross => VK_SLOT_CROSS,
        CommandSlot::Invalid => VK_SLOT_INVALID,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(args: &[&str]) -> Vec<u8> {
        let mut v = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            v.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
        }
        v
    }

    #[test]
    fn slots_of_commands() {
        assert_eq!(slot_of(&enc(&["GET", "foo"])), 12182);
        assert_eq!(
            slot_of(&enc(&["MSET", "{u}a", "1", "{u}b", "2"])),
            slot_of(&enc(&["GET", "{u}"]))
        );
        assert_eq!(slot_of(&enc(&["MGET", "a", "b"])), VK_SLOT_CROSS);
        assert_eq!(slot_of(&enc(&["PING"])), VK_SLOT_NONE);
        assert_eq!(slot_of(&enc(&["NOSUCHCOMMAND", "x"])), VK_SLOT_INVALID);
        assert_eq!(slot_of(b"garbage"), VK_SLOT_INVALID);
    }
}
