/*
 * A stand-in for csHIS.dll, for tests only: the same exports with the same C signatures,
 * backed by a virtual card that the test controls through files in the directory named by the
 * environment variable NHICARD_STANDIN_DIR (a Windows path such as Z:\tmp\x under Wine):
 *
 *   control.txt  one setting per line, read again at every call:
 *                  card N            0 = no card; any other N = a card, N changing per insertion
 *                  statuses 1 1 2    what hisGetCardStatus(2) returns after each insertion,
 *                                    one value per call, the last one repeated (default: 2)
 *                  fail NAME CODE    NAME returns CODE (csOpenCom, hisGetCardStatus, a read, ...)
 *                  hang NAME         NAME never returns
 *                  crash NAME        NAME ends the whole process (abort), as a crashing DLL would
 *                  version N         what csGetVersionEx returns (default 3300)
 *   NAME.hex     the bytes a read function returns, as hex digits (spaces and newlines
 *                allowed); for the prescription readers, whole records one after another.
 *                Missing: a fixed-size read returns spaces, a record read no records.
 *   calls.log    written by the stand-in: one line per call, "NAME arg ...", so a test can
 *                check what was called and with which arguments.
 *
 * Built by the tests: gcc -shared -fPIC (Linux .so); i686-w64-mingw32-gcc -shared
 * -Wl,--kill-at (undecorated __stdcall exports, like the real DLL); and, with
 * -DSTANDIN_DEF_EXPORTS and a .def file, a DLL exporting only decorated names such as
 * _hisGetBasicData@8, which only a correct __stdcall declaration binds to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#ifdef STANDIN_DEF_EXPORTS
#define API int __stdcall
#else
#define API __declspec(dllexport) int __stdcall
#endif
#define PATH_SEP "\\"
static void hang_forever(void) {
  for (;;) Sleep(INFINITE);
}
#else
#include <unistd.h>
#define API __attribute__((visibility("default"))) int
#define PATH_SEP "/"
static void hang_forever(void) {
  for (;;) pause();
}
#endif

/* Return codes from the NHI table (nhi-error-codes.txt). */
#define RC_OK 0
#define RC_READER_TIMEOUT 4000 /* no open port: the DLL cannot reach the reader */
#define RC_NO_CARD 4013
#define RC_NO_WRITE_PERMISSION 5009
#define RC_BAD_PARAMETER 6018
#define RC_PORT_OPEN_FAILED 9205

#define MAX_STATUSES 32
#define MAX_RULES 32
#define NAME_BYTES 64

struct rule {
  char name[NAME_BYTES];
  int code;
};

struct control {
  long card;
  int statuses[MAX_STATUSES];
  int status_count;
  struct rule fails[MAX_RULES];
  int fail_count;
  char hangs[MAX_RULES][NAME_BYTES];
  int hang_count;
  char crashes[MAX_RULES][NAME_BYTES];
  int crash_count;
  int version;
};

/* Per-process state: the DLL's own memory, lost when the host process restarts. */
static int port_open = 0;
static long seen_card = 0;
static int status_index = 0;

static void path_of(char *out, size_t size, const char *file) {
  const char *dir = getenv("NHICARD_STANDIN_DIR");
  snprintf(out, size, "%s" PATH_SEP "%s", dir ? dir : ".", file);
}

static void read_control(struct control *c) {
  char path[1024], line[512];
  memset(c, 0, sizeof *c);
  c->version = 3300;
  path_of(path, sizeof path, "control.txt");
  FILE *f = fopen(path, "r");
  if (!f) return;
  while (fgets(line, sizeof line, f)) {
    char word[NAME_BYTES], name[NAME_BYTES];
    int code, used = 0, offset = 0;
    if (sscanf(line, "%63s%n", word, &offset) != 1) continue;
    if (strcmp(word, "card") == 0) {
      sscanf(line + offset, "%ld", &c->card);
    } else if (strcmp(word, "statuses") == 0) {
      while (c->status_count < MAX_STATUSES &&
             sscanf(line + offset, "%d%n", &c->statuses[c->status_count], &used) == 1) {
        c->status_count++;
        offset += used;
      }
    } else if (strcmp(word, "fail") == 0 && c->fail_count < MAX_RULES &&
               sscanf(line + offset, "%63s %d", name, &code) == 2) {
      strcpy(c->fails[c->fail_count].name, name);
      c->fails[c->fail_count++].code = code;
    } else if (strcmp(word, "hang") == 0 && c->hang_count < MAX_RULES &&
               sscanf(line + offset, "%63s", name) == 1) {
      strcpy(c->hangs[c->hang_count++], name);
    } else if (strcmp(word, "crash") == 0 && c->crash_count < MAX_RULES &&
               sscanf(line + offset, "%63s", name) == 1) {
      strcpy(c->crashes[c->crash_count++], name);
    } else if (strcmp(word, "version") == 0) {
      sscanf(line + offset, "%d", &c->version);
    }
  }
  fclose(f);
}

static void log_call(const char *name, long a, long b, long c) {
  char path[1024];
  path_of(path, sizeof path, "calls.log");
  FILE *f = fopen(path, "a");
  if (!f) return;
  fprintf(f, "%s %ld %ld %ld\n", name, a, b, c);
  fclose(f);
}

/*
 * Every export starts here: logs the call, then hangs, crashes or fails as control.txt says.
 * Returns -1 to go on, or the code the export must return.
 */
static int begin(const char *name, struct control *c, long a, long b, long d) {
  read_control(c);
  log_call(name, a, b, d);
  for (int i = 0; i < c->hang_count; i++) {
    if (strcmp(c->hangs[i], name) == 0) hang_forever();
  }
  for (int i = 0; i < c->crash_count; i++) {
    if (strcmp(c->crashes[i], name) == 0) abort();
  }
  for (int i = 0; i < c->fail_count; i++) {
    if (strcmp(c->fails[i].name, name) == 0) return c->fails[i].code;
  }
  return -1;
}

static int hex_value(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* Reads NAME.hex into out (at most size bytes); returns the byte count, or -1 without a file. */
static long load_hex(const char *name, unsigned char *out, long size) {
  char file[NAME_BYTES + 8], path[1024];
  snprintf(file, sizeof file, "%s.hex", name);
  path_of(path, sizeof path, file);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  long count = 0;
  int high = -1, ch;
  while ((ch = fgetc(f)) != EOF && count < size) {
    int value = hex_value(ch);
    if (value < 0) continue;
    if (high < 0) {
      high = value;
    } else {
      out[count++] = (unsigned char)(high * 16 + value);
      high = -1;
    }
  }
  fclose(f);
  return count;
}

/* What every read checks first: an open port and a card. */
static int card_check(const struct control *c) {
  if (!port_open) return RC_READER_TIMEOUT;
  if (c->card == 0) return RC_NO_CARD;
  return RC_OK;
}

static int fixed_read(const char *name, long size, char *buf, int *len) {
  struct control c;
  int rc = begin(name, &c, len ? *len : -1, 0, 0);
  if (rc >= 0) return rc;
  rc = card_check(&c);
  if (rc != RC_OK) return rc;
  /* The caller must pass the buffer size in *len: anything smaller would overflow. */
  if (buf == NULL || len == NULL || *len < size) return RC_BAD_PARAMETER;
  memset(buf, ' ', (size_t)size);
  load_hex(name, (unsigned char *)buf, size);
  *len = (int)size;
  return RC_OK;
}

static int record_read(const char *name, long record_bytes, char *buf, int *len, short start,
                       short end, short *count) {
  struct control c;
  int rc = begin(name, &c, len ? *len : -1, start, end);
  if (rc >= 0) return rc;
  rc = card_check(&c);
  if (rc != RC_OK) return rc;
  if (buf == NULL || len == NULL || count == NULL || start < 1 || end < start) {
    return RC_BAD_PARAMETER;
  }
  long wanted = (long)(end - start + 1);
  if (*len < wanted * record_bytes) return RC_BAD_PARAMETER;
  unsigned char all[64 * 64];
  long stored = load_hex(name, all, (long)sizeof all);
  long records = stored < 0 ? 0 : stored / record_bytes;
  long first = start - 1;
  long n = records > first ? records - first : 0;
  if (n > wanted) n = wanted;
  memcpy(buf, all + first * record_bytes, (size_t)(n * record_bytes));
  *len = (int)(n * record_bytes);
  *count = (short)n;
  return RC_OK;
}

API csOpenCom(int port) {
  struct control c;
  int rc = begin("csOpenCom", &c, port, 0, 0);
  if (rc >= 0) return rc;
  /* Since CS 3.3 a second open of an open port fails. */
  if (port_open) return RC_PORT_OPEN_FAILED;
  port_open = 1;
  return RC_OK;
}

API csCloseCom(void) {
  struct control c;
  int rc = begin("csCloseCom", &c, 0, 0, 0);
  if (rc >= 0) return rc;
  port_open = 0;
  return RC_OK;
}

API hisGetCardStatus(short card_type) {
  struct control c;
  int rc = begin("hisGetCardStatus", &c, card_type, 0, 0);
  if (rc >= 0) return rc;
  if (!port_open) return RC_READER_TIMEOUT;
  if (card_type != 2) return 0;
  if (c.card == 0) return 0;
  if (c.card != seen_card) {
    seen_card = c.card;
    status_index = 0;
  }
  if (c.status_count == 0) return 2;
  int index = status_index < c.status_count ? status_index : c.status_count - 1;
  status_index++;
  return c.statuses[index];
}

API csGetCardNo(short card_type, char *buf, int *len) {
  struct control c;
  int rc = begin("csGetCardNo", &c, card_type, len ? *len : -1, 0);
  if (rc >= 0) return rc;
  rc = card_check(&c);
  if (rc != RC_OK) return rc;
  if (buf == NULL || len == NULL || *len < 12) return RC_BAD_PARAMETER;
  unsigned char basic[72];
  memset(basic, ' ', sizeof basic);
  load_hex("hisGetBasicData", basic, (long)sizeof basic);
  memcpy(buf, basic, 12); /* the card number is bytes 0-11 of the basic data */
  *len = 12;
  return RC_OK;
}

API csGetVersionEx(char *path) {
  struct control c;
  int rc = begin("csGetVersionEx", &c, 0, 0, 0);
  if (rc >= 0) return rc;
  if (path != NULL) strcpy(path, "C:\\NHI\\BIN\\csHIS.dll (stand-in)");
  return c.version;
}

API csSoftwareReset(int reset_type) {
  struct control c;
  int rc = begin("csSoftwareReset", &c, reset_type, 0, 0);
  return rc >= 0 ? rc : RC_OK;
}

/* A write function (visit numbers): exported like the real DLL's, so a test can prove it is
   never called. */
API hisGetSeqNumber256(char *treat_item, char *baby_treat, char *treat_after_check, char *buf,
                       int *len) {
  (void)treat_item;
  (void)baby_treat;
  (void)treat_after_check;
  (void)buf;
  struct control c;
  int rc = begin("hisGetSeqNumber256", &c, len ? *len : -1, 0, 0);
  return rc >= 0 ? rc : RC_NO_WRITE_PERMISSION;
}

#define FIXED_READ(name, size) \
  API name(char *buf, int *len) { return fixed_read(#name, size, buf, len); }

FIXED_READ(hisGetBasicData, 72)
FIXED_READ(hisGetRegisterBasic, 78)
FIXED_READ(hisGetRegisterBasic2, 9)
FIXED_READ(hisGetRegisterPrevent, 126)
FIXED_READ(hisGetRegisterPregnant, 209)
FIXED_READ(hisGetTreatmentNoNeedHPC, 498)
FIXED_READ(hisGetTreatmentNeedHPC, 372)
FIXED_READ(hisGetCriticalIllness, 114)
FIXED_READ(hisGetCumulativeData, 134)
FIXED_READ(hisGetCumulativeFee, 20)
FIXED_READ(hisGetInoculateData, 1400)
FIXED_READ(hisGetOrganDonate, 1)
FIXED_READ(hisGetEmergentTel, 14)
FIXED_READ(hisGetLastSeqNum, 7)
FIXED_READ(csGetHospID, 10)
FIXED_READ(csGetDateTime, 13)

#define RECORD_READ(name, record_bytes)                                                    \
  API name(char *buf, int *len, short start, short end, short *count) {                    \
    return record_read(#name, record_bytes, buf, len, start, end, count);                  \
  }

RECORD_READ(hisReadPrescriptMain, 61)
RECORD_READ(hisReadPrescriptLongTerm, 44)
RECORD_READ(hisReadPrescriptHVE, 36)
RECORD_READ(hisReadPrescriptAllergic, 40)
