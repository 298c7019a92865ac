package constants

import "errors"

// InsertPosition tells LINSERT on which side of the pivot to insert.
type InsertPosition string

const (
	Before InsertPosition = "BEFORE"
	After  InsertPosition = "AFTER"
)

// ToString validates the value and returns its wire token.
func (insertPosition InsertPosition) ToString() (string, error) {
	switch insertPosition {
	case Before, After:
		return string(insertPosition), nil
	}
	return "", errors.New("invalid insert position")
}

// ListDirection names a list end for LMOVE, LMPOP and friends.
type ListDirection string

const (
	Left  ListDirection = "LEFT"
	Right ListDirection = "RIGHT"
)

// ToString validates the value and returns its wire token.
func (listDirection ListDirection) ToString() (string, error) {
	switch listDirection {
	case Left, Right:
		return string(listDirection), nil
	}
	return "", errors.New("invalid list direction")
}
