package valkite

/*
#include "valkite.h"
*/
import "C"

import "unsafe"

// cUpdatePassword asks the core to replace the client's password; the outcome arrives
// as the completion of token. The password is passed by pointer for the duration of the
// call only (the core copies it) and is never part of a message.
func cUpdatePassword(h cHandle, token uint64, password string, flags uint32) uint8 {
	var p *C.uint8_t
	if len(password) > 0 {
		p = (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(password)))
	}
	return uint8(C.vk_update_password(h, C.uint64_t(token), p, C.size_t(len(password)), C.uint32_t(flags)))
}

const (
	passwordImmediate = uint32(C.VK_PASSWORD_IMMEDIATE)
	passwordReset     = uint32(C.VK_PASSWORD_RESET)
)

// cSetDatabase makes the client's later connections select db.
func cSetDatabase(h cHandle, db uint32) { C.vk_set_database(h, C.uint32_t(db)) }
