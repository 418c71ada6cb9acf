"""Stories: what makes shifts one story (`keys`, pure), storing shifts into stories (`store`),
retracting shifts, stance timelines."""
