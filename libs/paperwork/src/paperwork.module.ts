import { Module } from '@nestjs/common';
import { CasesModule } from '#cases';
import { OrgsModule } from '#orgs';
import { AppConfig } from '#platform';
import { PaperworkContextLoader } from './context.loader.js';
import { BLOB_STORE, PostgresBlobStore } from './documents/blob-store.js';
import { DocumentsService } from './documents/documents.service.js';
import { S3BlobStore, s3Settings } from './documents/s3-blob-store.js';
import { PaperworkService } from './paperwork.service.js';

/** The secretary's paperwork: the official forms filled from the case, the dossier's documents, the dossier ZIP. */
@Module({
  imports: [CasesModule, OrgsModule],
  providers: [
    PaperworkContextLoader,
    DocumentsService,
    PaperworkService,
    PostgresBlobStore,
    // DOCUMENT_STORAGE chooses where new versions go; each version is read from the store it names.
    {
      provide: BLOB_STORE,
      inject: [AppConfig, PostgresBlobStore],
      useFactory: (config: AppConfig, postgres: PostgresBlobStore) =>
        config.DOCUMENT_STORAGE === 's3' ? new S3BlobStore(s3Settings(config)) : postgres,
    },
  ],
  exports: [PaperworkService, DocumentsService],
})
export class PaperworkModule {}
