import { Module } from '@nestjs/common';
import { KNOWLEDGE_SOURCE, PluginDefinition } from '@pidtrymka/plugin-sdk';
import { StrapiKnowledgeSource, StrapiSettings } from './strapi-knowledge-source';

@Module({
  providers: [{ provide: KNOWLEDGE_SOURCE, useClass: StrapiKnowledgeSource }],
  exports: [KNOWLEDGE_SOURCE],
})
class StrapiKnowledgeSourceModule {}

export const builtInKnowledgeSourcePlugins: PluginDefinition[] = [{ kind: 'knowledge-source', name: 'strapi', module: StrapiKnowledgeSourceModule, settings: StrapiSettings }];
