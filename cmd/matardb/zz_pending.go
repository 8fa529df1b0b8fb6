package main

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
)

var errPending = errors.New("not implemented yet")

func revision(context.Context, *env, *revisionOptions) error { return errPending }
func check(context.Context, *env, string) error              { return errPending }

var dbx = struct {
	Rollback func(context.Context, *gorm.DB, string, ...db.Option) error
	Stamp    func(context.Context, *gorm.DB, string, ...db.Option) error
}{
	func(context.Context, *gorm.DB, string, ...db.Option) error { return errPending },
	func(context.Context, *gorm.DB, string, ...db.Option) error { return errPending },
}

func current(context.Context, *env) error { return errPending }
func status(context.Context, *env) error  { return errPending }
