package gormfixtures

import (
	"time"

	"github.com/matar-app/matardb/internal/oracle"
)

// Student and Course are joined through GORM's default join table,
// student_courses, named by the many2many tag.
type Student struct {
	ID      uint
	Name    string
	Courses []Course `gorm:"many2many:student_courses"`
}

// Course is the other side of Student.Courses.
type Course struct {
	ID    uint
	Title string
}

// Writer and Volume are joined through a custom join model, Authorship,
// that carries columns of its own.
type Writer struct {
	ID      uint
	Name    string
	Volumes []Volume `gorm:"many2many:authorships"`
}

// Volume is the other side of Writer.Volumes.
type Volume struct {
	ID    uint
	Title string
}

// Authorship is the join model of Writer.Volumes: the two keys and extra
// columns.
type Authorship struct {
	WriterID  uint `gorm:"primaryKey"`
	VolumeID  uint `gorm:"primaryKey"`
	Role      string
	CreatedAt time.Time
}

// ManyToMany is the many2many idiom, default and custom join tables, on
// both dialects.
func ManyToMany() Fixture {
	return Fixture{
		Name:     "many2many join tables",
		Dialects: both,
		Set: oracle.Set{
			Models:     []any{&Student{}, &Course{}, &Writer{}, &Volume{}},
			JoinTables: []oracle.JoinTable{{Model: &Writer{}, Field: "Volumes", Join: &Authorship{}}},
		},
		Expected: manyToManySchema,
	}
}
