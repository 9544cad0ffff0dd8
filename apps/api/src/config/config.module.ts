import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, EnvironmentVariables } from './app-config';

/**
 * Settings come from the environment the app was built with (process.env in
 * production, a test's own in tests), validated once by `validateEnvironment`.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(settings: EnvironmentVariables): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...settings })], cache: true })],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
