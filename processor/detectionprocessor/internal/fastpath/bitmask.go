package fastpath

import "slices"

// bitMask is a sparse mask of literal ids: the words that have bits.
type bitMask []wordBits

type wordBits struct {
	word int32
	bits uint64
}

func newBitMask(ids []int32) bitMask {
	var m bitMask
	for _, id := range ids {
		w, bit := id>>6, uint64(1)<<(id&63)
		if i := slices.IndexFunc(m, func(wb wordBits) bool { return wb.word == w }); i >= 0 {
			m[i].bits |= bit
		} else {
			m = append(m, wordBits{w, bit})
		}
	}
	return m
}

// all says whether every literal of the mask is found.
func (m bitMask) all(found []uint64) bool {
	for _, wb := range m {
		if found[wb.word]&wb.bits != wb.bits {
			return false
		}
	}
	return true
}

// any says whether some literal of the mask is found.
func (m bitMask) any(found []uint64) bool {
	for _, wb := range m {
		if found[wb.word]&wb.bits != 0 {
			return true
		}
	}
	return false
}
