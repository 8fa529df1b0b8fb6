package offline

import "errors"

// errOffline is what the refusing pool answers (see replay.RefusingPool):
// upgrade --sql must never reach a database.
var errOffline = errors.New("upgrade --sql connects to no database")
