package models

import "time"

// Language is a content language, stored as its lower-case English name.
// Other values can be stored; these are the ones Matar names.
type Language string

// The languages Matar names. LanguageHindi is the default of every model
// with a language, as in the original models.
const (
	LanguageHindi   Language = "hindi"
	LanguageEnglish Language = "english"
)

// Seconds is a duration kept as a whole number of seconds in an integer
// column (max_post_duration, duration).
type Seconds int32

// SecondsOf converts d to whole seconds, dropping any fraction of a second.
func SecondsOf(d time.Duration) Seconds { return Seconds(d / time.Second) }

// Duration returns s as a time.Duration.
func (s Seconds) Duration() time.Duration { return time.Duration(s) * time.Second }
