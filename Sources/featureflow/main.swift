import FeatureFlowCLI

FeatureFlowCommand.runAndExit()
