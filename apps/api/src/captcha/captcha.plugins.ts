import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CAPTCHA_PROVIDER, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { AltchaCaptchaProvider, AltchaCaptchaSettings } from './altcha-captcha.provider';
import { CaptchaChallengeSettings } from './captcha-challenges';
import { CaptchaChallengeEntity } from './captcha-challenge.entity';
import { CaptchaChallengesRepository } from './captcha-challenges.repository';
import { ImageCaptchaProvider } from './image-captcha.provider';
import { NoCaptchaProvider } from './no-captcha.provider';

@Module({
  imports: [TypeOrmModule.forFeature([CaptchaChallengeEntity])],
  providers: [CaptchaChallengesRepository, { provide: CAPTCHA_PROVIDER, useClass: ImageCaptchaProvider }],
  exports: [CAPTCHA_PROVIDER],
})
class ImageCaptchaModule {}

@Module({
  imports: [TypeOrmModule.forFeature([CaptchaChallengeEntity])],
  providers: [CaptchaChallengesRepository, { provide: CAPTCHA_PROVIDER, useClass: AltchaCaptchaProvider }],
  exports: [CAPTCHA_PROVIDER],
})
class AltchaCaptchaModule {}

@Module({
  providers: [{ provide: CAPTCHA_PROVIDER, useClass: NoCaptchaProvider }],
  exports: [CAPTCHA_PROVIDER],
})
class NoCaptchaModule {}

export const builtInCaptchaPlugins: PluginDefinition[] = [
  { kind: 'captcha', name: 'image', module: ImageCaptchaModule, settings: CaptchaChallengeSettings },
  { kind: 'captcha', name: 'altcha', module: AltchaCaptchaModule, settings: AltchaCaptchaSettings },
  { kind: 'captcha', name: 'none', module: NoCaptchaModule },
];
