import { Module } from '@nestjs/common';
import { CasesModule } from '#cases';
import { OrgsModule } from '#orgs';
import { PaperworkContextLoader } from './context.loader.js';
import { BLOB_STORE, PostgresBlobStore } from './documents/blob-store.js';
import { DocumentsService } from './documents/documents.service.js';
import { PaperworkService } from './paperwork.service.js';

/** The secretary's paperwork: the official forms filled from the case, the dossier's documents, the dossier ZIP. */
@Module({
  imports: [CasesModule, OrgsModule],
  providers: [
    PaperworkContextLoader,
    DocumentsService,
    PaperworkService,
    PostgresBlobStore,
    { provide: BLOB_STORE, useExisting: PostgresBlobStore },
  ],
  exports: [PaperworkService, DocumentsService],
})
export class PaperworkModule {}
