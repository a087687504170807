rule leaf { condition: true }
