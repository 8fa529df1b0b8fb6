package main

import (
	"context"
	"testing"
)

func TestDataMigrationExampleRuns(t *testing.T) {
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
