package fastpath

// literals is what a string must contain for a regular expression to
// match it, read off the expression's syntax: `stratum\+(tcp|ssl)://`
// needs "stratum+" and "://", and "tcp" or "ssl". Checking that with
// strings.Contains first spares running the expression on the many strings
// that cannot match, which is most of them. A nil *literals requires
// nothing.
type literals struct {
	all  []string      // each must be contained
	fold []string      // each must be contained in any case, in an ASCII string
	each [][]*literals // and for each group, one of its branches must hold

	// Their numbers in the attribute's slotLiterals, once registered, and
	// as bit masks once every literal of the slot is numbered: all and
	// fold must be in the found set; an alternation of plain literals
	// holds when its mask meets it.
	allIDs, foldIDs   []int32
	allMask, foldMask bitMask
	eachMask          []bitMask // by group; nil for a group with nested branches
	eachFold          []bool    // by group: a branch is case-folded
}

// register numbers the literals in sl.
func (l *literals) register(sl *slotLiterals) {
	sl.registered = append(sl.registered, l)
	l.registerIDs(sl)
}

func (l *literals) registerIDs(sl *slotLiterals) {
	for _, lit := range l.all {
		l.allIDs = append(l.allIDs, sl.id(lit, false))
	}
	for _, lit := range l.fold {
		l.foldIDs = append(l.foldIDs, sl.id(lit, true))
	}
	for _, branches := range l.each {
		for _, b := range branches {
			b.registerIDs(sl)
		}
	}
}

// masks turns the ids into bit masks: at Build for every registered
// literals, or when a gate groups some. An id is final once registered.
func (l *literals) masks() {
	l.allMask, l.foldMask = newBitMask(l.allIDs), newBitMask(l.foldIDs)
	l.eachMask, l.eachFold = make([]bitMask, len(l.each)), make([]bool, len(l.each))
	for g, branches := range l.each {
		var ids []int32
		plain := true
		for _, b := range branches {
			b.masks()
			single := len(b.allIDs)+len(b.foldIDs) == 1 && len(b.each) == 0
			plain = plain && single
			if single {
				ids = append(append(ids, b.allIDs...), b.foldIDs...)
				l.eachFold[g] = l.eachFold[g] || len(b.foldIDs) == 1
			}
		}
		if plain {
			l.eachMask[g] = newBitMask(ids)
		}
	}
}

// match says whether a string whose literals are found may match. In a
// string that is not ASCII, case-folded literals are not checked: k and s
// also fold to K (Kelvin) and ſ.
func (l *literals) match(found []uint64, ascii bool) bool {
	if l == nil {
		return true
	}
	if !l.allMask.all(found) || ascii && !l.foldMask.all(found) {
		return false
	}
	for g, branches := range l.each {
		if !l.groupHolds(g, branches, found, ascii) {
			return false
		}
	}
	return true
}

func (l *literals) groupHolds(g int, branches []*literals, found []uint64, ascii bool) bool {
	if mask := l.eachMask[g]; mask != nil {
		return mask.any(found) || !ascii && l.eachFold[g]
	}
	for _, b := range branches {
		if b.match(found, ascii) {
			return true
		}
	}
	return false
}

// size is how many Contains a match may take: a cost.
func (l *literals) size() int {
	n := len(l.all) + len(l.fold)
	for _, branches := range l.each {
		for _, b := range branches {
			n += b.size()
		}
	}
	return n
}

// weak says the literals are too short to reject much: together, the
// literals any string matching must hold are fewer than three characters
// ("-", "ss", "ip"), which nearly every string has.
func (l *literals) weak() bool { return l.strength() < 3 }

// strength is how many characters of literals a matching string holds at
// least: the required ones, and the weakest branch of each alternation.
func (l *literals) strength() int {
	n := 0
	for _, lit := range l.all {
		n += len(lit)
	}
	for _, lit := range l.fold {
		n += len(lit)
	}
	for _, branches := range l.each {
		least := -1
		for _, b := range branches {
			if s := b.strength(); least < 0 || s < least {
				least = s
			}
		}
		n += max(least, 0)
	}
	return n
}
