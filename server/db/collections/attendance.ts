import type { CollectionDecl } from '../collection-decl';

export const attendanceCollections: CollectionDecl[] = [];
