package reports

// bundleReadme is the bundle's README.txt: how a verifier checks it and
// recomputes its scorecards without the server, Chinese first.
const bundleReadme = `审计包说明
==========

本压缩包是一个指标体系某一年的审计包。核对它不需要访问服务器。

一、核对签名与文件
  manifest.json 列出其余每个文件的 SHA-256 与大小；manifest.sig 是安装实例的
  Ed25519 密钥对 manifest.json 原始字节的签名（含密钥编号 key_id）；
  signing-key.pem 是签名所用的公钥。
  命令：igmc bundle verify 本文件.zip [--key 公钥.pem]
  不给 --key 时用包内的 signing-key.pem 验证；给出 --key（从服务器
  GET /api/v1/signing-key 取得并另行保存的公钥）时，签名必须出自该密钥。
  任何文件、清单或签名的一个字节被改动，命令都会以状态 1 退出并指出文件。
  不用本程序时：逐个计算文件的 SHA-256 与清单比对，再用任何 Ed25519 工具
  （例如 openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin）
  以 manifest.sig 中 base64 解码后的签名核对 manifest.json 的字节。

二、重新计算评分卡
  framework.json    指标体系：各指标的上下限、阈值、基线与目标、权重、分值，
                    以及计算方法版本（method_version）和评分年份（year）
  zones.csv         包内的区域
  plans.csv         各区域所用的规划（已采纳版本）：baseline、milestone、target
  applicability.csv 各区域不适用的指标及原因
  approved.csv      正式评分卡所用的已审核数值（截至评分年份）
  scorecards/<区域>.json  服务器给出的正式评分卡（与 JSON 接口一致）
  命令：igmc bundle recompute 本文件.zip
  它只读本包，用评分程序包按 methodology.md 的规则重新计算每张评分卡，逐项
  与 scorecards/*.json 比较：全部一致时退出状态 0，否则以状态 1 退出并指出
  第一个不一致的数字（区域、维度或指标、字段、包内值、重算值）。
  已签核的年份：signoffs/<区域>.json 是签核记录，其中 snapshot 是签核时冻结
  的评分卡及其依据的目录与规划的 SHA-256，已用安装实例的密钥签名。签核后目录
  可能已变，所以这些区域不按今天的 framework.json 重算，而是核对签名并核对
  scorecards/<区域>.json 与快照中的评分卡一致。密钥轮换前所做的签核由已停用
  的密钥签名，其公钥随包附在 keys/<密钥编号>.pem，并列入清单。

Auditor's bundle
================

This zip is the auditor's bundle of one framework's year. Checking it needs
no access to the server.

1. Check the signature and the files
  manifest.json lists every other file with its SHA-256 and size;
  manifest.sig is the installation's Ed25519 signature of manifest.json's
  exact bytes, with the key's id (key_id); signing-key.pem is the public key
  that signed it.
  Command: igmc bundle verify THIS.zip [--key PUBLIC.pem]
  Without --key it checks against signing-key.pem inside the bundle; with
  --key (a public key taken from GET /api/v1/signing-key and kept apart) the
  signature must be that key's. One byte changed in any file, in the
  manifest or in the signature makes it exit with status 1 naming the file.
  Without this program: compute each file's SHA-256 and compare it with the
  manifest, then check manifest.json's bytes against the base64-decoded
  signature of manifest.sig with any Ed25519 tool (for instance
  openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin).

2. Recompute the scorecards
  framework.json    the framework: each indicator's bounds, thresholds,
                    baseline and target, weight and points, with the method's
                    version (method_version) and the scorecards' year (year)
  zones.csv         the bundle's zones
  plans.csv         each zone's plan in force (the adopted version):
                    baseline, milestone and target rows
  applicability.csv the indicators that do not apply to a zone, with why
  approved.csv      the approved values the official scorecards use (up to
                    the year)
  scorecards/<zone>.json  the server's official scorecards (as the JSON API
                    gives them)
  Command: igmc bundle recompute THIS.zip
  It reads only this bundle, recomputes every scorecard with the scoring
  package by the rules of methodology.md and compares every figure with
  scorecards/*.json: it exits 0 when all match, else 1 naming the first
  figure that differs (zone, perspective or indicator, field, the bundle's
  value, the recomputed one).
  Signed-off years: signoffs/<zone>.json is the sign-off, its snapshot the
  card frozen at the sign-off with the SHA-256 of the catalogue and plan it
  was computed from, signed with the installation's key. The catalogue may
  have changed since, so those zones are not recomputed from today's
  framework.json: the snapshot's signature is checked, and
  scorecards/<zone>.json must match the snapshot's card. A sign-off made
  before the key was rotated is signed by a retired key, whose public half
  the bundle carries as keys/<key_id>.pem, listed in the manifest.
`
