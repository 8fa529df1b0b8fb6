package migrations

import "github.com/matar-app/matardb/db/history"

// Registered returns the migrations this package's files register, as they
// are, unordered and without checksums. All fails when two branches of
// development each added migrations (a fork); joining them (package merge)
// starts from these.
func Registered() []history.Migration { return reg.Registered() }
