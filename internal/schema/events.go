package schema

// EventName of every record Vigil emits; docs/events.md says what each carries.
const (
	ProcessExec = "process.exec"
	ProcessExit = "process.exit"
	ProcessFork = "process.fork"
	SensorLoss  = "sensor.loss"
)
