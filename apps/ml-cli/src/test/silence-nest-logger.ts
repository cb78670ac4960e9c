import { Logger } from '@nestjs/common';

// Services log through Nest's static Logger, which the CLI routes to its reporter; in tests the
// default console logger would only add noise.
Logger.overrideLogger(false);
